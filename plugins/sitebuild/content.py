"""Changes to a page's HTML that are made as the page is written, so the HTML read is kept only once."""

from __future__ import annotations

from collections.abc import Callable


class _Transformed:
    """The content object's `_get_content` (Pelican's hook in Content.get_content): its read HTML with
    the transforms applied, in the order they were added."""

    def __init__(self, instance, transforms: tuple[Callable[[str], str], ...]):
        self.instance = instance
        self.transforms = transforms

    def __call__(self) -> str:
        html = self.instance._content
        for transform in self.transforms:
            html = transform(html)
        return html


def transform_when_written(instance, transform: Callable[[str], str]) -> None:
    """Apply `transform` to the instance's HTML whenever Pelican hands its content to a template.

    For content_object_init receivers. Pelican's reader cache and the content object share the
    HTML the reader returned; replacing `instance._content` with a changed copy keeps two copies of
    every page for the whole reading phase (a quarter of a 5,000-post build's memory). Done here,
    the changed HTML exists only while its page is written (sitebuild.memory empties Pelican's
    get_content memo before each article). `_content` stays the HTML as read.
    """
    current = getattr(instance, "_get_content", None)
    earlier = current.transforms if isinstance(current, _Transformed) else ()
    instance._get_content = _Transformed(instance, (*earlier, transform))
