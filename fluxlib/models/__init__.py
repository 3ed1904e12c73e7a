"""Physical models, one module per section key, built on the core numerics."""
