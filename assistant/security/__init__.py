"""Users, roles, branch scope, tokens, audit log and masking of personal data."""
