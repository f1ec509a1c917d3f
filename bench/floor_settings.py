"""The portal's settings with one more URL, `/floor/`: a bare Django view behind the
same middleware, the floor `bench/pages.py` compares the public pages with."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
