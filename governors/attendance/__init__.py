"""Attendance at meetings: registers and quorum."""
