"""The undermining picture as an HTTP client receives it: the published tables only (never the
authorised counts, nor why a cell is hidden), and a drill-down's records as its reader may see
them."""

from pydantic import BaseModel, Field

from verweven.picture.drilldown import DrillDown
from verweven.services.picture import PublishedPicture


class CellView(BaseModel):
    """One published cell: ``count`` and ``rate`` are null where the protection hides them."""

    area: str = Field(examples=["BU20010000"])
    period: str = Field(examples=["2026", "2026-K1", "totaal", "stand"])
    count: float | None
    rate: float | None
    money: float | None = None


class TableView(BaseModel):
    """One indicator's published table."""

    indicator: str = Field(examples=["hennepkwekerij"])
    theme: str
    title: str
    per: str = Field(
        examples=["inwoners"], description="rates per 1,000 inhabitants or per 100 companies"
    )
    sources: list[str]
    periods: list[str]
    cells: list[CellView]


class AreaView(BaseModel):
    code: str
    name: str
    level: str = Field(examples=["buurt"])
    parent: str | None


class PictureView(BaseModel):
    """The published picture: areas, tables, and the protection applied to every table."""

    region: str
    granularity: str
    protection: str
    computed_at: str
    caveat: str = "Patroon, geen bewijs."
    areas: list[AreaView]
    tables: list[TableView]


class RecordView(BaseModel):
    entity_id: str
    canonical_id: str
    schema_: str = Field(alias="schema")
    caption: str
    visible: bool
    signals: list[str] = Field(description="signals recorded on this entity")

    model_config = {"populate_by_name": True}


class FactView(BaseModel):
    buurt: str
    period: str
    amount: float
    records: list[RecordView]


class DrillDownView(BaseModel):
    """The records behind one number, as the reader may see them."""

    indicator: str
    area: str
    period: str
    facts: list[FactView]
    unreadable: list[str] = Field(
        description="the indicator's deliveries in the store that this purpose may not read"
    )
    undelivered: list[str] = Field(
        default_factory=list,
        description="the indicator's deliveries never delivered to the store",
    )


def picture_view(published: PublishedPicture) -> PictureView:
    tables = []
    for table in published.tables:
        cells = [
            CellView(
                area=area,
                period=period,
                count=count,
                rate=table.rates.get((area, period)),
                money=table.money.published.get((area, period)) if table.money else None,
            )
            for (area, period), count in table.counts.published.items()
        ]
        indicator = table.indicator
        tables.append(
            TableView(
                indicator=indicator.id,
                theme=indicator.theme,
                title=indicator.title,
                per=indicator.per,
                sources=list(indicator.sources),
                periods=list(table.periods),
                cells=cells,
            )
        )
    areas = [AreaView(code=a.code, name=a.name, level=a.level, parent=a.parent)
             for a in published.areas.areas]  # fmt: skip
    return PictureView(
        region=published.areas.region_name, granularity=published.granularity.value,
        protection=published.rules.describe(), computed_at=published.computed_at.isoformat(),
        areas=areas, tables=tables,
    )  # fmt: skip


def drill_down_view(behind: DrillDown) -> DrillDownView:
    facts = [
        FactView(
            buurt=f.buurt,
            period=f.period,
            amount=f.amount,
            records=[
                RecordView(
                    entity_id=r.entity_id,
                    canonical_id=r.canonical_id,
                    schema=r.schema,
                    caption=r.caption,
                    visible=r.visible,
                    signals=[h.signal_id for h in behind.hits.get(r.canonical_id, [])],
                )
                for r in f.records
            ],
        )
        for f in behind.facts
    ]
    return DrillDownView(indicator=behind.indicator.id, area=behind.area.code,
                         period=behind.period, facts=facts,
                         unreadable=list(behind.unreadable),
                         undelivered=list(behind.undelivered))  # fmt: skip
