"""贷后助手: retrieval-augmented assistant for post-loan management. Importing this is instant and offline."""

__version__ = "0.1.0"
