"""The questionnaire format: YAML reading, validation, definitions, diff.

Pure Python: nothing here imports WTForms, Flask, the models or anything else
of the app, so models, workflows and exports may all use it.
"""
