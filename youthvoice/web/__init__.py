"""The web layer: blueprints per audience, shared headers, error pages and template helpers."""
