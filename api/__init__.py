"""HTTP layer of 贷后助手: a thin FastAPI shell over the same library calls as the command line."""
