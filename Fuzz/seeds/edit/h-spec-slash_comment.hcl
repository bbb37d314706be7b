h// Slash comment
