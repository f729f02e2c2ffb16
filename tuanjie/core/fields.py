"""Model fields the apps share."""

from django.db import models


class BlankAsNullCharField(models.CharField):
    """An optional text that must be unique when given (a place's code): a blank is stored as NULL, whichever way
    it arrives (a form, the API, an import, a queryset's update()), because "" is a value a unique index holds
    only once, and one blank would then block every other."""

    def pre_save(self, model_instance, add):
        if getattr(model_instance, self.attname) == "":
            setattr(model_instance, self.attname, None)
        return super().pre_save(model_instance, add)

    def get_db_prep_save(self, value, connection):
        # Writes only (save, update()); a lookup for "" still looks for "" and finds nothing, as a unique check wants.
        return super().get_db_prep_save(None if value == "" else value, connection)
