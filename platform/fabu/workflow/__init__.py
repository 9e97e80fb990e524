"""The workflow domain: template and authority-matrix definitions, and the runtime that runs releases through them."""
