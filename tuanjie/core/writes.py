"""How a page or an API viewset names the services that write its records (the only write path)."""


class DeclaredServices:
    """`create_service` and `update_service` are declared as a form or a serializer is, and called as
    `create_service(by=user, **fields)` / `update_service(by=user, instance=stored_record, **fields)`.
    `plain_crud = True` (with a comment saying why) marks reference data, saved by its form or serializer."""

    create_service = None
    update_service = None
    plain_crud = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # A service is a plain function: keep it from being bound to the page or viewset as a method.
        for name in ("create_service", "update_service"):
            if callable(cls.__dict__.get(name)):
                setattr(cls, name, staticmethod(cls.__dict__[name]))
