"""The forum's rules live in forum.services; forum/views.py only calls them."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

from forum import services
from forum.models import Post
from tests.factories import UserFactory
from tests.forum.factories import ThreadFactory

pytestmark = pytest.mark.django_db

VIEWS = Path(services.__file__).with_name("views.py")


def test_the_views_check_no_ownership_window_or_deletion_themselves() -> None:
    source = VIEWS.read_text(encoding="utf-8")
    assert not re.search(r"author_id\s*[!=]=", source)
    assert "removed_by_author" not in source
    assert not re.search(r"\.delete\(\)", source)
    assert "post_can_edit(post, request.user)" not in source
    assert "lambda" not in source


def test_editing_is_refused_to_others_and_after_the_window() -> None:
    author, other = UserFactory(), UserFactory()
    post = Post.objects.get(thread=ThreadFactory(author=author), is_opening=True)
    services.post_edit_check(post, author)
    with pytest.raises(services.PostRefused, match="only edit your own"):
        services.post_edit_check(post, other)
    post.created_at = timezone.now() - datetime.timedelta(days=1)
    with pytest.raises(services.PostRefused, match="can no longer be edited"):
        services.post_edit_check(post, author)


def test_removing_is_refused_to_others_and_twice() -> None:
    author, other = UserFactory(), UserFactory()
    post = Post.objects.get(thread=ThreadFactory(author=author), is_opening=True)
    with pytest.raises(services.PostRefused, match="only remove your own"):
        services.post_remove_check(post, other)
    services.post_remove_by_author(post=post, author=author)
    post.refresh_from_db()
    with pytest.raises(services.PostRefused, match="only remove your own"):
        services.post_remove_by_author(post=post, author=author)
