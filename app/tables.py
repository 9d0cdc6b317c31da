"""The database schema as SQLAlchemy Core tables; it only changes through Alembic migrations
in `migrations/`, and a test checks that both agree."""

from sqlalchemy import (
    CHAR,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Sequence,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

metadata = MetaData()

# The states in which a case waits for a person (the work-queue indexes cover only these).
WERKVOORRAAD = "status IN ('te_controleren', 'te_beoordelen', 'te_reviewen', 'hersteltermijn')"

aanvraag_volgnummer = Sequence("aanvraag_volgnummer", metadata=metadata)

aanvragen = Table(
    "aanvragen",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("referentie", String(32), nullable=False, unique=True),
    Column("gemeente", String(4), nullable=False),
    Column("regeling", String(40), nullable=False),
    Column("status", String(40), nullable=False),
    Column("kanaal", String(20), nullable=False),
    Column("ingediend_door", Text, nullable=False),
    Column("medewerker", Text),
    Column("aanvraagdatum", Date, nullable=False),
    Column("ontvangen_op", DateTime(timezone=True), nullable=False),
    Column("bsn", String(9), nullable=False),
    Column("partner_bsn", String(9)),
    Column("gegevens", JSONB, nullable=False),
    Column("versie", Integer, nullable=False, server_default="1"),
    Column("gewijzigd_op", DateTime(timezone=True), nullable=False),
    # Verification against the registers: who holds the case (lease) and when to try again.
    Column("verificatie_claim", Uuid),
    Column("verificatie_lease_tot", DateTime(timezone=True)),
    Column("verificatie_pogingen", Integer, nullable=False, server_default="0"),
    Column("volgende_verificatie", DateTime(timezone=True)),
    # The human stages (app.workflows.werkvoorraad): who holds the case until when, who checked,
    # assessed and reviewed it (four- and three-eyes are CHECK constraints, migration 0003), and
    # its deadlines.
    Column("behandelaar", Text),
    Column("claim_tot", DateTime(timezone=True)),
    Column("gecontroleerd_door", Text),
    Column("beoordeeld_door", Text),
    Column("gereviewd_door", Text),
    Column("beslistermijn_einde", Date),
    Column("streefdatum", Date),
    Column("hersteltermijn_einde", Date),
    # An extension (migration 0007) names the case it extends and which form it took.
    Column("verlenging_van", Uuid, ForeignKey("aanvragen.id")),
    Column("verlengingsvorm", String(10)),
    Index("ix_aanvragen_bsn", "bsn"),
    Index("ix_aanvragen_partner_bsn", "partner_bsn"),
    Index("ix_aanvragen_gemeente_ontvangen", "gemeente", "ontvangen_op", "id"),
    Index("ix_aanvragen_status", "status"),
    # The human work queues by deadline (migration 0003), and per municipality for claims (0019).
    Index(
        "ix_aanvragen_werkvoorraad",
        "status",
        "beslistermijn_einde",
        "ontvangen_op",
        postgresql_where=text(WERKVOORRAAD),
    ),
    Index(
        "ix_aanvragen_werkvoorraad_gemeente",
        "status",
        "gemeente",
        "beslistermijn_einde",
        "ontvangen_op",
        postgresql_where=text(WERKVOORRAAD),
    ),
    # Open claims only (migration 0012): "does this colleague already hold a case here?".
    Index("ix_aanvragen_behandelaar", "behandelaar", "claim_tot", postgresql_where=text("behandelaar IS NOT NULL")),
    # Earlier Tozo loans of the same business, for the rules' case history (migration 0018).
    Index(
        "ix_aanvragen_lening_kvk",
        text("(gegevens -> 'onderneming' ->> 'kvkNummer')"),
        postgresql_where=text("regeling = 'tozo-bedrijfskapitaal'"),
    ),
)

idempotentie = Table(
    "idempotentie",
    metadata,
    Column("client", Text, primary_key=True),
    Column("sleutel", Text, primary_key=True),
    Column("verzoek_hash", String(64), nullable=False),
    Column("aanvraag_id", Uuid, nullable=False),
    Column("aangemaakt_op", DateTime(timezone=True), nullable=False),
)

documenten = Table(
    "documenten",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False, index=True),
    Column("soort", String(40), nullable=False),
    Column("bestandsnaam", Text, nullable=False),
    Column("mediatype", String(40), nullable=False),
    Column("grootte", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("inhoud", LargeBinary, nullable=False),
    Column("geupload_op", DateTime(timezone=True), nullable=False),
    Column("geupload_door", Text, nullable=False),
)

audit_gebeurtenissen = Table(
    "audit_gebeurtenissen",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False),
    Column("tijdstip", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
    Column("rol", String(20), nullable=False),
    Column("kanaal", String(20), nullable=False),
    Column("actie", String(40), nullable=False),
    Column("van_status", String(40)),
    Column("naar_status", String(40)),
    Column("details", JSONB, nullable=False, server_default="{}"),
    Index("ix_audit_aanvraag", "aanvraag_id", "id"),
)

verificaties = Table(
    "verificaties",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False),
    Column("tijdstip", DateTime(timezone=True), nullable=False),
    Column("compleet", Boolean, nullable=False),
    Column("registers", JSONB, nullable=False),
    Column("mislukt", JSONB, nullable=False),
    Column("bevindingen", JSONB, nullable=False),
    Column("regeluitkomst", JSONB),
    # The register facts the rules engine used (migration 0008), so a later fact such as the
    # viability conclusion is evaluated on the same register data.
    Column("feiten", JSONB),
    Index("ix_verificaties_aanvraag", "aanvraag_id", "id"),
)

gemeente_instellingen = Table(
    "gemeente_instellingen",
    metadata,
    Column("gemeente", String(4), primary_key=True),
    Column("hersteltermijn_dagen", Integer),
    Column("claim_minuten", Integer),
    # The municipality's own account for payment files (pain.001); unset: the setting.
    Column("betaal_iban", String(34)),
    Column("betaal_bic", String(11)),
)

koppels = Table(
    "koppels",
    metadata,
    Column("gemeente", String(4), primary_key=True),
    Column("medewerker", Text, primary_key=True),
    Column("partner", Text, nullable=False),
)

# The roles a colleague's token carried at their last claim, per municipality: what a team lead
# may hand them (migration 0009).
medewerkers = Table(
    "medewerkers",
    metadata,
    Column("gemeente", String(4), primary_key=True),
    Column("sub", Text, primary_key=True),
    Column("rollen", ARRAY(Text), nullable=False),
    Column("vastgelegd_op", DateTime(timezone=True), nullable=False),
)

controles = Table(
    "controles",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False, index=True),
    Column("tijdstip", DateTime(timezone=True), nullable=False),
    Column("gecontroleerd_door", Text, nullable=False),
    Column("bewijs_voldoende", Boolean, nullable=False),
    Column("bevindingen", JSONB, nullable=False),
    Column("toelichting", Text),
)

herstelverzoeken = Table(
    "herstelverzoeken",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False, index=True),
    Column("verzonden_op", DateTime(timezone=True), nullable=False),
    Column("verzonden_door", Text, nullable=False),
    Column("termijn_dagen", Integer, nullable=False),
    Column("termijn_einde", Date, nullable=False),
    Column("ontbrekend", JSONB, nullable=False),
    Column("toelichting", Text),
    Column("aangevuld_op", DateTime(timezone=True)),
    Column("aangevuld_door", Text),
)

beoordelingen = Table(
    "beoordelingen",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False, index=True),
    Column("tijdstip", DateTime(timezone=True), nullable=False),
    Column("gecontroleerd_door", Text, nullable=False),
    Column("beoordeeld_door", Text, nullable=False),
    Column("besluit", String(40), nullable=False),
    Column("maanden", JSONB, nullable=False),
    Column("conclusie_regels", String(40)),
    Column("afwijkend", Boolean, nullable=False),
    Column("motivering", Text),
    Column("vorm", String(20)),  # Bbz: lening, renteloze-lening or om-niet, as the assessor chose
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False, index=True),
    Column("tijdstip", DateTime(timezone=True), nullable=False),
    Column("gecontroleerd_door", Text, nullable=False),
    Column("beoordeeld_door", Text, nullable=False),
    Column("gereviewd_door", Text, nullable=False),
    Column("oordeel", String(20), nullable=False),
    Column("reden", Text),
)

# Logboek dataverwerkingen: one record per processing per data subject, without user identity
# (who did it lives in audit_gebeurtenissen).
verwerkingsactiviteiten = Table(
    "verwerkingsactiviteiten",
    metadata,
    Column("id", String(60), primary_key=True),
    Column("naam", Text, nullable=False),
    Column("doel", Text, nullable=False),
    Column("grondslag", Text, nullable=False),
    Column("bewaartermijn", Text, nullable=False),
)

verwerkingen = Table(
    "verwerkingen",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("trace_id", String(32), nullable=False),
    Column("operatie_id", String(16), nullable=False),
    Column("operatie", Text, nullable=False),
    Column("status", String(10), nullable=False),
    Column("start", DateTime(timezone=True), nullable=False),
    Column("einde", DateTime(timezone=True), nullable=False),
    Column("activiteit_id", String(60), ForeignKey("verwerkingsactiviteiten.id"), nullable=False),
    Column("betrokkene_versleuteld", Text, nullable=False),
    Column("aanvraag_id", Uuid),
    Index("ix_verwerkingen_trace", "trace_id"),
)

# Decisions as letters (migration 0004): one row per decision; the PDF bytes and their SHA-256
# are written once by a rendering job and never change (a trigger refuses it).
beschikkingen = Table(
    "beschikkingen",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False),
    Column("nummer", Integer, nullable=False),
    Column("soort", String(40), nullable=False),
    Column("besloten_op", DateTime(timezone=True), nullable=False),
    Column("briefdatum", Date, nullable=False),
    Column("inhoud", JSONB, nullable=False),
    Column("vervangt", BigInteger, ForeignKey("beschikkingen.id")),
    Column("pdf", LargeBinary),
    Column("sha256", String(64)),
    Column("gerenderd_op", DateTime(timezone=True)),
    Column("batch_id", BigInteger),
    UniqueConstraint("aanvraag_id", "nummer", name="uq_beschikkingen_nummer"),
    Index("ix_beschikkingen_open", "id", postgresql_where=text("pdf IS NULL")),
    Index("ix_beschikkingen_batch", "batch_id"),
)

batches = Table(
    "batches",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("soort", String(40), nullable=False),
    Column("aangemaakt_op", DateTime(timezone=True), nullable=False),
    Column("aangemaakt_door", Text, nullable=False),
    Column("totaal", Integer, nullable=False, server_default="0"),
    Column("status", String(20), nullable=False),
    Column("gemeenten", ARRAY(String(4)), nullable=False, server_default="{}"),
)

# The report of a re-issue after a norm change: per case and month the old and new amount.
herzieningsverschillen = Table(
    "herzieningsverschillen",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("batch_id", BigInteger, ForeignKey("batches.id"), nullable=False),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False),
    Column("oude_beschikking", BigInteger, ForeignKey("beschikkingen.id"), nullable=False),
    Column("nieuwe_beschikking", BigInteger, ForeignKey("beschikkingen.id"), nullable=False),
    Column("maand", String(7), nullable=False),
    Column("oud_cent", BigInteger, nullable=False),
    Column("nieuw_cent", BigInteger, nullable=False),
    Index("ix_herzieningsverschillen_batch", "batch_id", "id"),
)

# The cases a re-issue batch evaluates again on the workers (migration 0017): done exactly once.
batchzaken = Table(
    "batchzaken",
    metadata,
    Column("batch_id", BigInteger, ForeignKey("batches.id"), primary_key=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), primary_key=True),
    Column("herberekend_op", DateTime(timezone=True)),
    Column("verschillen", Integer),
)

# Payments (migration 0008): the ledger per case, append-only (a trigger refuses UPDATE and DELETE),
# signed cents from the applicant's side; the sum per case is what is still to pay or to recover.
betaalbestanden = Table(
    "betaalbestanden",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("gemeente", String(4), nullable=False),
    Column("uitvoerdatum", Date, nullable=False),
    Column("bericht_id", String(35), nullable=False, unique=True),
    Column("aangemaakt_op", DateTime(timezone=True), nullable=False),
    Column("aangemaakt_door", Text, nullable=False),
    Column("aantal", Integer, nullable=False),
    Column("totaal_cent", BigInteger, nullable=False),
    Column("xml", LargeBinary, nullable=False),
    Column("sha256", String(64), nullable=False),
    UniqueConstraint("gemeente", "uitvoerdatum", name="uq_betaalbestanden_dag"),
)

betalingen = Table(
    "betalingen",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False),
    Column("soort", String(20), nullable=False),
    Column("maand", Date),
    Column("bedrag_cent", BigInteger, nullable=False),
    Column("beschikking_id", BigInteger, ForeignKey("beschikkingen.id")),
    Column("betaalbestand_id", BigInteger, ForeignKey("betaalbestanden.id")),
    Column("voorschot_id", BigInteger, ForeignKey("voorschotten.id")),
    Column("geboekt_op", DateTime(timezone=True), nullable=False),
    Column("omschrijving", Text, nullable=False),
    Index("ix_betalingen_aanvraag", "aanvraag_id", "id"),
    Index("ix_betalingen_bestand", "betaalbestand_id"),
)

# After the first decision (migration 0007).
voorschotten = Table(
    "voorschotten",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False),
    Column("maand", Date, nullable=False),
    Column("bedrag_cent", BigInteger, nullable=False),
    Column("verleend_op", DateTime(timezone=True), nullable=False),
    Column("verleend_door", Text, nullable=False),
    Column("motivering", Text, nullable=False),
    UniqueConstraint("aanvraag_id", "maand", name="uq_voorschotten_maand"),
)

wijzigingen = Table(
    "wijzigingen",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False),
    Column("nummer", Integer, nullable=False),
    Column("soort", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("gemeld_op", DateTime(timezone=True), nullable=False),
    Column("gemeld_door", Text, nullable=False),
    Column("gegevens", JSONB, nullable=False),
    Column("voorstel", JSONB, nullable=False),
    Column("beoordeeld_door", Text),
    Column("gereviewd_door", Text),
    Column("motivering", Text),
    Column("beschikking_id", BigInteger, ForeignKey("beschikkingen.id")),
    UniqueConstraint("aanvraag_id", "nummer", name="uq_wijzigingen_nummer"),
)

bezwaren = Table(
    "bezwaren",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False),
    Column("nummer", Integer, nullable=False),
    Column("beschikking_id", BigInteger, ForeignKey("beschikkingen.id"), nullable=False),
    Column("ontvangen_op", Date, nullable=False),
    Column("verzonden_op", Date),
    Column("geregistreerd_op", DateTime(timezone=True), nullable=False),
    Column("geregistreerd_door", Text, nullable=False),
    Column("gronden", Text, nullable=False),
    Column("laatste_dag", Date, nullable=False),
    Column("tijdig", Boolean, nullable=False),
    Column("beslissen_uiterlijk", Date, nullable=False),
    Column("uitkomst", String(20)),
    Column("besloten_op", DateTime(timezone=True)),
    Column("besloten_door", Text),
    Column("motivering", Text),
    Column("beschikking_uitkomst_id", BigInteger, ForeignKey("beschikkingen.id")),
    UniqueConstraint("aanvraag_id", "nummer", name="uq_bezwaren_nummer"),
    Index("ix_bezwaren_open", "beslissen_uiterlijk", postgresql_where=text("uitkomst IS NULL")),
)

# The management figures' read model (migration 0013): one narrow row per application, kept up to
# date by triggers on aanvragen, verificaties, beschikkingen and herstelverzoeken.
stuurinformatie = Table(
    "stuurinformatie",
    metadata,
    Column("aanvraag_id", Uuid, primary_key=True),
    Column("gemeente", String(4), nullable=False),
    Column("regeling", String(40), nullable=False),
    Column("status", String(40), nullable=False),
    Column("status_sinds", DateTime(timezone=True), nullable=False),
    Column("ontvangen", Date, nullable=False),
    Column("leeftijd", SmallInteger),
    Column("postcode4", String(4)),
    Column("sbi_sectie", String(1)),
    Column("beslistermijn_einde", Date),
    Column("streefdatum", Date),
    Column("besloten", Date),
    Column("binnen_streef", Boolean),
    Column("binnen_termijn", Boolean),
    Column("bedrag_cent", BigInteger, nullable=False, server_default="0"),
    Column("herstel_verzocht", SmallInteger, nullable=False, server_default="0"),
    Column("herstel_aangevuld", SmallInteger, nullable=False, server_default="0"),
    Column("herstel_open_tot", Date),
    # The applicant (BSN as a number, migration 0015): small cells are suppressed by people.
    Column("persoon", BigInteger, nullable=False),
    Index("ix_stuurinformatie_ontvangen", "gemeente", "ontvangen"),
    Index(
        "ix_stuurinformatie_besloten",
        "gemeente",
        "besloten",
        "status",
        postgresql_include=["regeling", "ontvangen", "persoon"],
        postgresql_where=text("besloten IS NOT NULL"),
    ),
    Index(
        "ix_stuurinformatie_open",
        "gemeente",
        "status",
        postgresql_include=["regeling", "ontvangen", "beslistermijn_einde", "persoon"],
        postgresql_where=text(
            "status NOT IN ('toegekend', 'gedeeltelijk_toegekend', 'afgewezen', 'buiten_behandeling', 'ingetrokken')"
        ),
    ),
    Index(
        "ix_stuurinformatie_herstel_open",
        "gemeente",
        "herstel_open_tot",
        postgresql_where=text("herstel_open_tot IS NOT NULL"),
    ),
)


def _samenvatting(naam: str, *tellers: Column[int]) -> Table:
    """Stuurinformatie summaries (migration 0015), kept exact by a trigger on `stuurinformatie`: per
    kind of row (soort), grain (korrel: 'd' day, 'w' ISO week starting on `dag`), regulation and
    value, split over shards (schard, 16 since migration 0020) so concurrent submits do not queue
    on one row."""
    return Table(
        naam,
        metadata,
        Column("gemeente", String(4), primary_key=True),
        Column("soort", CHAR(1), primary_key=True),
        Column("korrel", CHAR(1), primary_key=True),
        Column("dag", Date, primary_key=True),
        Column("regeling", String(40), primary_key=True),
        Column("waarde", String(40), primary_key=True),
        Column("schard", SmallInteger, primary_key=True),
        *tellers,
    )


def _teller(naam: str, soort: type[Integer] | type[BigInteger] = Integer) -> Column[int]:
    return Column(naam, soort, nullable=False, server_default="0")


# Received per day ('t' totals; 'l' age, 'p' postcode area, 's' SBI section per day and week).
si_ontvangen = _samenvatting(
    "si_ontvangen",
    *(
        _teller(t)
        for t in ("aantal", "toegekend", "met_verzoek", "verzoeken", "aangevuld", "met_aangevuld", "onbeantwoord")
    ),
)
# Decided per day ('u' outcome) and per lead time in days ('d', per day and week).
si_besloten = _samenvatting(
    "si_besloten",
    _teller("aantal"),
    _teller("bedrag_cent", BigInteger),
    *(_teller(t) for t in ("met_streef", "binnen_streef", "met_termijn", "binnen_termijn")),
)
# Applications per person per municipality: the most of one person bounds who a count can be.
si_personen = Table(
    "si_personen",
    metadata,
    Column("gemeente", String(4), primary_key=True),
    Column("persoon", BigInteger, primary_key=True),
    Column("aantal", Integer, nullable=False, server_default="0"),
    Index("ix_si_personen_aantal", "gemeente", "aantal"),
)

# Bbz (migration 0008): the viability study by an external adviser, its fee as a cost of the case,
# the one extension of the beslistermijn, and referrals to support with the applicant's consent.
levensvatbaarheidsonderzoeken = Table(
    "levensvatbaarheidsonderzoeken",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False, index=True),
    Column("adviseur", Text, nullable=False),
    Column("kosten", BigInteger, nullable=False),
    Column("aangevraagd_op", DateTime(timezone=True), nullable=False),
    Column("aangevraagd_door", Text, nullable=False),
    Column("termijn_einde", Date, nullable=False),
    Column("herinnerd_op", DateTime(timezone=True)),
    Column("conclusie", String(40)),
    Column("voorwaarden", JSONB, nullable=False, server_default="[]"),
    Column("rapport_id", Uuid, ForeignKey("documenten.id")),
    Column("toelichting", Text),
    Column("afgerond_op", DateTime(timezone=True)),
    Column("afgerond_door", Text),
    Index("uq_lvo_open", "aanvraag_id", unique=True, postgresql_where=text("conclusie IS NULL")),
    Index("ix_lvo_termijn", "termijn_einde", postgresql_where=text("conclusie IS NULL AND herinnerd_op IS NULL")),
)

kosten = Table(
    "kosten",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False, index=True),
    Column("soort", String(40), nullable=False),
    Column("omschrijving", Text, nullable=False),
    Column("bedrag", BigInteger, nullable=False),
    Column("geboekt_op", DateTime(timezone=True), nullable=False),
    Column("geboekt_door", Text, nullable=False),
)

verdagingen = Table(
    "verdagingen",
    metadata,
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), primary_key=True),
    Column("verdaagd_op", DateTime(timezone=True), nullable=False),
    Column("verdaagd_door", Text, nullable=False),
    Column("oude_einde", Date, nullable=False),
    Column("nieuwe_einde", Date, nullable=False),
    Column("reden", Text, nullable=False),
)

verwijzingen = Table(
    "verwijzingen",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False, index=True),
    Column("gemeente", String(4), nullable=False),
    Column("soort", String(40), nullable=False),
    Column("aanleiding", String(20), nullable=False),  # aanvraag (the form's answers) or consulent
    Column("toelichting", Text),
    Column("aangemaakt_op", DateTime(timezone=True), nullable=False),
    Column("aangemaakt_door", Text, nullable=False),
    Column("toestemming", Boolean),  # NULL: not asked yet
    Column("toestemming_op", DateTime(timezone=True)),
    Column("uitkomst", String(40)),
    Column("uitkomst_op", DateTime(timezone=True)),
    Column("uitkomst_toelichting", Text),
    UniqueConstraint("aanvraag_id", "soort", name="uq_verwijzingen_soort"),
    Index("ix_verwijzingen_gemeente_soort", "gemeente", "soort"),
)

# The further decision after the boekjaar on a Bbz interest-free loan (migration 0014).
omzettingen = Table(
    "omzettingen",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("aanvraag_id", Uuid, ForeignKey("aanvragen.id"), nullable=False),
    Column("boekjaar", SmallInteger, nullable=False),
    Column("netto_inkomen", BigInteger, nullable=False),
    Column("vermogen", BigInteger, nullable=False),
    Column("motivering", Text),
    Column("besloten_op", DateTime(timezone=True), nullable=False),
    Column("besloten_door", Text, nullable=False),
    Column("beschikking_id", BigInteger, ForeignKey("beschikkingen.id"), nullable=False),
    UniqueConstraint("aanvraag_id", "boekjaar", name="uq_omzettingen_boekjaar"),
)

# The Bbz application prefilled from a Tozo case, kept as a draft (migration 0016).
bbz_concepten = Table(
    "bbz_concepten",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("van_aanvraag", Uuid, ForeignKey("aanvragen.id"), nullable=False),
    Column("gemeente", String(4), nullable=False),
    Column("gegevens", JSONB, nullable=False),
    Column("aangemaakt_op", DateTime(timezone=True), nullable=False),
    Column("aangemaakt_door", Text, nullable=False),
    Column("gewijzigd_op", DateTime(timezone=True), nullable=False),
    Column("gewijzigd_door", Text, nullable=False),
    Column("ingediend_als", Uuid, ForeignKey("aanvragen.id")),
    Column("ingediend_op", DateTime(timezone=True)),
    UniqueConstraint("van_aanvraag", name="uq_bbz_concepten_tozo"),
    UniqueConstraint("ingediend_als", name="uq_bbz_concepten_ingediend"),
)
