"""Demo events for maps: the seed articles' events (hand-written) and generated ones (for scale)."""
from __future__ import annotations

import datetime as dt
import math
import random

from geomap.events.taxonomy import acled_type
from geomap.model import Event
from gazetteer.record import Place

D = dt.date

_NATO = ("seed-nato-kyiv", "Ukrainian Forces Are ‘Gradually Gaining Ground’, NATO Chief Says",
         "https://www.aawsat.com/english/home/article/4574176", "Asharq Al-Awsat", D(2023, 9, 28))
_KREMLIN = ("seed-kremlin-strikes", "Kremlin Says US Decision on Long-Range Strikes Would Stoke Tension",
            "https://www.aawsat.com/english/world/5083014", "Asharq Al-Awsat", D(2024, 11, 18))
_IZMAIL = ("seed-blinken-izmail", "Russian drones hit Danube port of Izmail as Blinken visits Kyiv",
           "https://example.org/news/izmail", "Reuters", D(2023, 9, 7))


def _event(n, article, sentence, location_text, place_name, kind, lat, lon, *, event_type,
           event_date, place_id=None, country_code="UA", admin1=None, geo_precision=1,
           date_precision="day", date_text="", confidence=0.8, fatalities=None, date_source=None):
    """An event; ``event_type`` is a trigger kind ("strike"...), stored as ACLED's type/sub-type."""
    article_id, title, url, source, published = article
    start = sentence.find(location_text)
    acled, sub = acled_type(event_type)
    if date_source is None:
        date_source = ("unresolved" if event_date is None else "published" if date_precision == "unresolved"
                       else "text")
    return Event(
        event_id=f"{article_id}-e{n}", article_id=article_id, evidence=sentence,
        event_type=acled, sub_event_type=sub, date_source=date_source, fatalities=fatalities,
        source=source, url=url, title=title, published=published,
        event_date=event_date, date_precision=date_precision, date_text=date_text,
        location_text=location_text, location_start=start if start >= 0 else None,
        location_end=start + len(location_text) if start >= 0 else None,
        place_id=place_id, place_name=place_name, kind=kind, country_code=country_code,
        admin1=admin1, lat=lat, lon=lon, geo_precision=geo_precision, confidence=confidence)


def seed_events() -> list[Event]:
    """The events an analyst finds in the three seed articles (9 places)."""
    s1 = ("Ukraine's President Volodymyr Zelenskiy meets with NATO Secretary-General Jens "
          "Stoltenberg, as Russia's attack on Ukraine continues, in Kyiv, Ukraine September 28, 2023.")
    s2 = ("Stoltenberg also condemned Russian strikes near Ukraine's border with NATO member Romania.")
    s3 = ("A Ukrainian serviceman fires a Giatsint-B gun towards Russian positions near Kharkiv, "
          "Ukraine, Wednesday, Nov. 6, 2024.")
    s4 = ("Russia reported Ukrainian drone attacks on Moscow and several other cities.")
    s5 = ("Ukraine’s military said it was making slow but steady gains in the southeastern "
          "Zaporizhzhia region.")
    s6 = ("Air defence units shot down drones targeting Moscow, the southern city of Rostov and "
          "the southwestern Bryansk region on Thursday, officials said.")
    s7 = ("Russian drones struck overnight, some of which hit the Danube river port of Izmail, "
          "damaging grain silos.")
    s8 = ("Romania belatedly acknowledged that parts of a Russian drone hit its territory near "
          "the Danube on Monday.")
    return [
        _event(1, _NATO, s1, "Kyiv", "Kyiv", "city", 50.4547, 30.5238, event_type="diplomacy",
               event_date=D(2023, 9, 28), place_id="703448", admin1="Kyiv City",
               date_text="September 28, 2023", confidence=0.93),
        _event(2, _NATO, s2, "Romania", "Ukraine–Romania border (Danube)", "region", 45.35, 28.85,
               event_type="strike", event_date=D(2023, 9, 28), place_id="geomap:region:ua-ro-border",
               date_precision="unresolved", geo_precision=2, confidence=0.55),
        _event(3, _KREMLIN, s3, "Kharkiv", "Kharkiv", "city", 49.9808, 36.2527, event_type="shelling",
               event_date=D(2024, 11, 6), place_id="706483", admin1="Kharkiv Oblast",
               date_text="Wednesday, Nov. 6, 2024", confidence=0.81),
        _event(4, _IZMAIL, s4, "Moscow", "Moscow", "city", 55.7522, 37.6156, event_type="strike",
               event_date=D(2023, 9, 7), place_id="524901", country_code="RU", admin1="Moscow",
               confidence=0.74),
        _event(5, _IZMAIL, s5, "Zaporizhzhia region", "Zaporizhzhia Oblast", "admin1", 47.5, 35.5,
               event_type="ground_fighting", event_date=D(2023, 9, 7), place_id="687699",
               admin1="Zaporizhzhia Oblast", geo_precision=3, confidence=0.7),
        _event(6, _IZMAIL, s6, "Moscow", "Moscow", "city", 55.7522, 37.6156, event_type="strike",
               event_date=D(2023, 9, 7), place_id="524901", country_code="RU", admin1="Moscow",
               date_text="on Thursday", confidence=0.88),
        _event(7, _IZMAIL, s6, "Rostov", "Rostov-on-Don", "city", 47.2313, 39.7233, event_type="strike",
               event_date=D(2023, 9, 7), place_id="501175", country_code="RU",
               admin1="Rostov Oblast", date_text="on Thursday", confidence=0.85),
        _event(8, _IZMAIL, s6, "Bryansk region", "Bryansk Oblast", "admin1", 52.9, 33.4,
               event_type="strike", event_date=D(2023, 9, 7), place_id="571473", country_code="RU",
               admin1="Bryansk Oblast", geo_precision=3, date_text="on Thursday", confidence=0.84),
        _event(9, _IZMAIL, s7, "Izmail", "Izmail", "city", 45.3503, 28.8374, event_type="strike",
               event_date=D(2023, 9, 7), place_id="707308", admin1="Odesa Oblast", confidence=0.9),
        _event(10, _IZMAIL, s8, "Danube", "Romanian bank of the Danube (Tulcea county)", "region",
               45.2, 28.8, event_type="strike", event_date=D(2023, 9, 4), country_code="RO",
               place_id="geomap:region:tulcea-danube", geo_precision=2, date_text="on Monday",
               confidence=0.66),
    ]


def seed_places() -> list[tuple[Place, int]]:
    """Every place mentioned in the seed articles, with a mention count and some bboxes."""
    return [
        (Place("703448", "Kyiv", "city", 50.4547, 30.5238, "UA"), 6),
        (Place("690791", "Ukraine", "country", 49.0, 32.0, "UA"), 12),
        (Place("2017370", "Russia", "country", 60.0, 100.0, "RU"), 9),
        (Place("798549", "Romania", "country", 46.0, 25.0, "RO"), 3),
        (Place("706483", "Kharkiv", "city", 49.9808, 36.2527, "UA"), 1),
        (Place("524901", "Moscow", "city", 55.7522, 37.6156, "RU"), 3),
        (Place("501175", "Rostov-on-Don", "city", 47.2313, 39.7233, "RU"), 1),
        (Place("571473", "Bryansk Oblast", "admin1", 52.9, 33.4, "RU", "Bryansk Oblast",
               bbox=(31.2, 51.8, 35.3, 54.0)), 1),
        (Place("687699", "Zaporizhzhia Oblast", "admin1", 47.5, 35.5, "UA", "Zaporizhzhia Oblast",
               bbox=(34.2, 46.1, 37.2, 48.2)), 1),
        (Place("707308", "Izmail", "city", 45.3503, 28.8374, "UA"), 1),
        (Place("geomap:river:danube", "Danube", "river", 45.22, 28.75, None), 2),
    ]


def region_polygon(lat: float, lon: float, *, vertices: int = 180) -> dict:
    """A made-up irregular region boundary (many vertices) around ``lat, lon``."""
    ring = []
    for k in range(vertices):
        a = 2 * math.pi * k / vertices
        r = 1.0 + 0.18 * math.sin(5 * a) + 0.07 * math.sin(17 * a)
        ring.append([round(lon + 1.5 * r * math.cos(a), 4), round(lat + 0.95 * r * math.sin(a), 4)])
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


class LineGazetteer:
    """A stand-in with the gazetteer's ``geometry(place_id)`` contract: a river line, a
    many-vertex region boundary, and a bounding box (which the map must not draw)."""

    def geometry(self, place_id: str):
        if place_id == "687699":  # Zaporizhzhia Oblast
            return region_polygon(47.5, 35.5)
        if place_id == "571473":  # Bryansk Oblast: only a bbox is known -> no outline
            return {"type": "Polygon", "coordinates": [[[31.2, 51.8], [35.3, 51.8], [35.3, 54.0],
                                                        [31.2, 54.0], [31.2, 51.8]]]}
        if place_id == "geomap:region:tulcea-danube":
            return {"type": "LineString", "coordinates": [
                [28.22, 45.46], [28.52, 45.33], [28.79, 45.24], [29.1, 45.2], [29.35, 45.19],
                [29.66, 45.21]]}
        return None


def generated_events(count: int, *, seed: int = 7, days: int = 400) -> list[Event]:
    """``count`` plausible events over eastern Europe, ~6 per article."""
    rng = random.Random(seed)
    types = ["strike", "shelling", "ground_fighting", "explosion", "diplomacy", "protest", "riot",
             "attack_on_civilians", "arrest", "interception"]
    cities = [("Kyiv", 50.45, 30.52), ("Kharkiv", 49.98, 36.25), ("Odesa", 46.48, 30.73),
              ("Dnipro", 48.46, 35.04), ("Zaporizhzhia", 47.84, 35.14), ("Kherson", 46.64, 32.61),
              ("Mykolaiv", 46.97, 31.99), ("Lviv", 49.84, 24.03), ("Belgorod", 50.6, 36.6),
              ("Moscow", 55.75, 37.62), ("Bryansk", 53.25, 34.37), ("Donetsk", 48.0, 37.8),
              ("Sumy", 50.91, 34.8), ("Chernihiv", 51.5, 31.3), ("Izmail", 45.35, 28.84)]
    words = ("forces reported shelling strikes near the city overnight officials said drones were "
             "shot down air defence units residential buildings damaged power station talks "
             "delegation protesters gathered in the centre of").split()
    start = D(2023, 1, 1)
    events = []
    article = None
    for i in range(count):
        if i % 6 == 0:
            a = i // 6
            published = start + dt.timedelta(days=rng.randrange(days))
            article = (f"gen-{a}", f"Report {a}: overnight attacks and talks",
                       f"https://news.example.org/{a}", "Example Wire", published)
        name, lat, lon = rng.choice(cities)
        lat += rng.gauss(0, 0.35)
        lon += rng.gauss(0, 0.5)
        body = " ".join(rng.choice(words) for _ in range(rng.randint(14, 26)))
        sentence = f"{body.capitalize()} in {name}, {rng.choice(words)} {rng.choice(words)}."
        events.append(_event(i, article, sentence, name, name, "city", round(lat, 5), round(lon, 5),
                             event_type=rng.choice(types), place_id=f"gen:{name}",
                             event_date=article[4] - dt.timedelta(days=rng.randrange(3)),
                             fatalities=rng.choice((None, None, None, 0, 1, 2, 4, 12)),
                             date_source=rng.choice(("text", "text", "text", "dateline", "published")),
                             confidence=round(rng.uniform(0.4, 0.99), 2)))
    return events
