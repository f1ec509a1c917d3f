"""Sections whose features are not built yet render a clearly marked placeholder."""

from django.shortcuts import render


def placeholder(title):
    def view(request, *args, **kwargs):
        return render(request, "placeholder.html", {"title": title})

    return view
