"""Blueprints: thin request handlers (check a named permission, validate, call a workflow
or a roll-up, render). ``blueprints.register_blueprints`` wires them into the app; this
package imports nothing itself, so importing one of its modules wires nothing up."""
