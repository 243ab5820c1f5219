"""Document viewers, one per kind, all behind the Viewer interface of base.py."""
