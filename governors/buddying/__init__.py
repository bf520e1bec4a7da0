"""Buddying: governors paired with another governor or a non-executive director."""
