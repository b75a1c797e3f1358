"""Chapterhouse: a membership organization's structure, people, assemblies and public record."""

__version__ = "0.1.0"
