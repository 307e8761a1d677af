"""One router per file; `app.main` only wires them."""
