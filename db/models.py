"""Peewee models of the current schema; bound through a proxy to the engine opened (SQLite or PostgreSQL)."""

from __future__ import annotations

from peewee import (
    SQL,
    AutoField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from db.state import damage_found

database = DatabaseProxy()


class StampField(DateTimeField):
    """When a row was stored or changed. Peewee hands back a text it cannot read as a time unchanged;
    here such a text (damage from outside: the program always writes a time) is said as damage."""

    def python_value(self, value):
        value = super().python_value(value)
        if isinstance(value, str):
            table = self.model._meta.table_name
            raise damage_found(f"thời điểm lưu ở bảng {table} là “{value[:40]}”, không phải ngày giờ")
        return value


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Unit(BaseModel):
    """A reporting unit: this installation's own, or a child unit whose annexes are imported."""

    id = AutoField()
    code = CharField(unique=True)
    name = TextField()
    short_name = TextField(default="")
    body = TextField(default="")
    level = CharField(default="xa")
    frequency = CharField(default="month")
    place = TextField(default="")
    parent_code = CharField(default="")
    parent_name = TextField(default="")
    signer_name = TextField(default="")
    signer_title = TextField(default="")
    authority_line = TextField(default="")
    recipients = TextField(default="[]")
    is_self = BooleanField(default=False)
    valid_from = CharField(default="")
    valid_to = CharField(default="")
    replaced_by = CharField(default="")  # the unit that replaced this one from the day after valid_to
    deadline_day = CharField(default="")  # its report is due this day of the period's last month; "" = the 20th
    created_at = StampField()

    class Meta:
        table_name = "unit"


class Value(BaseModel):
    """One stored figure or text of a unit for an entry or report period."""

    id = AutoField()
    unit = ForeignKeyField(Unit, backref="values", on_delete="CASCADE", index=False)
    period = CharField()
    code = CharField()
    value = TextField()
    template_version = CharField()
    updated_at = StampField()
    updated_by = CharField(default="")

    class Meta:
        table_name = "value"
        indexes = (
            (("unit", "period", "code"), True),
            (("template_version", "period"), False),
            (("unit", "period", "updated_at"), False),
        )


class Explanation(BaseModel):
    """A giải trình for a standing rule violation of a report period."""

    id = AutoField()
    unit = ForeignKeyField(Unit, on_delete="CASCADE", index=False)
    period = CharField()
    rule = CharField()
    text = TextField()
    author = CharField(default="")
    at = StampField()

    class Meta:
        table_name = "explanation"
        indexes = ((("unit", "period", "rule"), True),)


class PeriodStatus(BaseModel):
    """Whether a report period is open or submitted (locked), with who and when."""

    id = AutoField()
    unit = ForeignKeyField(Unit, on_delete="CASCADE", index=False)
    period = CharField()
    status = CharField(default="open")
    author = CharField(default="")
    at = StampField()
    reason = TextField(default="")

    class Meta:
        table_name = "period_status"
        indexes = ((("unit", "period"), True),)


class Audit(BaseModel):
    """Every change: who, when, what, the old and the new value."""

    id = AutoField()
    at = StampField()
    author = CharField()
    action = CharField()
    unit_code = CharField(default="")
    period = CharField(default="")
    code = CharField(default="")
    old = TextField(null=True)
    new = TextField(null=True)

    class Meta:
        table_name = "audit"
        indexes = ((("unit_code", "period"), False),)


class Setting(BaseModel):
    """Key/value settings of the database (template version, report header fields, …)."""

    key = CharField(primary_key=True)
    value = TextField()

    class Meta:
        table_name = "setting"


class SchemaVersion(BaseModel):
    """The schema version of the database (one row), the same record on both engines."""

    version = IntegerField(primary_key=True)

    class Meta:
        table_name = "schema_version"


DATA_MODELS = (Unit, Value, Explanation, PeriodStatus, Audit, Setting)
ALL_MODELS = (*DATA_MODELS, SchemaVersion)
__all__ = ["SQL", "IntegerField", "database", *[m.__name__ for m in ALL_MODELS]]
