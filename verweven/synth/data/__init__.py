"""Reference data of the synthetic region generator (YAML files, loaded by ``reference.py``)."""
