"""Blueprints: thin request handlers (check a named permission, validate, call a workflow
or a roll-up, render). ``blueprints.register_blueprints`` wires them into the app; this
package imports nothing itself, so ``views.permissions`` can be imported without Flask."""
