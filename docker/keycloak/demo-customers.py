#!/usr/bin/env python3
"""The demo's 100 customers, generated once and committed.

Writes two files from one deterministic generator, so that every customer record of demo-crm
belongs to a real user of the demo realm:

  docker/keycloak/demo-realm.json             the users customer006 ... customer100 (realm role
                                              customer, attribute jurisdiction, no credentials:
                                              they cannot sign in, and the import stays fast)
  demo-crm/src/main/resources/seed/customers.json
                                              demo-crm's first-start seed: c-1 ... c-100 with
                                              contact details, birth date, segment and orders

c-1 ... c-5 are the hand-written users alice, bob, carol, dave and erin (kept as they are; their
orders are generated here).

Each record names its last activity (the last contact with the customer) as days before the seeding,
"last_activity_days": demo-crm stores the time of seeding minus that, so the retention periods of
the policies (which run from the last activity) count from the day the demo was seeded, never from
a calendar date. Every record was active within the last month, except LAPSED_RECORD, whose
relationship ended seven years before the seeding: it is past every purpose's retention but
legal's (docs/demo-crm.md). Running the script again writes the same bytes; --check only
compares and exits 1 when a file is not what the generator makes.

All names are invented; e-mail addresses use the reserved example.* domains, US phone numbers
the fictional 555-01xx range.
"""

import json
import random
import re
import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REALM_FILE = ROOT / "docker/keycloak/demo-realm.json"
SEED_FILE = ROOT / "demo-crm/src/main/resources/seed/customers.json"

FIRST_GENERATED = 6
LAST_GENERATED = 100
GENERATED_USERNAME = re.compile(r"^customer\d{3}$")
# The reference day of the demo data (the notice version is 2026-11); orders are before it.
TODAY = date(2026, 11, 1)

# The hand-written customers of the realm: record id, username, birth date, segment, country.
HAND_WRITTEN = [
    ("c-1", "alice", "12 rue des Lilas, 75011 Paris, FR", "+33 6 12 34 56 78", date(1990, 4, 12), "loyal", "FR"),
    ("c-2", "bob", "500 Market St, San Francisco, CA 94105, US", "+1 415 555 0134", date(1985, 11, 3), "new", "US"),
    ("c-3", "carol", "Torstrasse 5, 10119 Berlin, DE", "+49 30 1234567", date(1978, 2, 28), "loyal", "DE"),
    ("c-4", "dave", "1 Grand Ave, Los Angeles, CA 90012, US", "+1 213 555 0199", date(1999, 7, 21), "at-risk", "US"),
    ("c-5", "erin", "3 Dame St, Dublin 2, IE", "+353 1 555 0101", date(1968, 9, 9), "new", "IE"),
]

# Country -> jurisdiction as the policies know it (catalog consent_model keys EU and US-CA;
# GB, CH and BR fall back to the catalog's "default").
JURISDICTION = {"FR": "EU", "DE": "EU", "IE": "EU", "NL": "EU", "ES": "EU", "IT": "EU", "PT": "EU",
                "PL": "EU", "SE": "EU", "AT": "EU", "BE": "EU", "US": "US-CA", "GB": "GB", "CH": "CH", "BR": "BR"}
CURRENCY = {"US": "USD", "GB": "GBP", "CH": "CHF", "BR": "BRL"}

# Weighted country mix of the generated customers: mostly EU, a good share California, a few others.
COUNTRY_MIX = ["FR"] * 9 + ["DE"] * 9 + ["IE"] * 3 + ["NL"] * 5 + ["ES"] * 6 + ["IT"] * 6 + ["PT"] * 2 \
    + ["PL"] * 3 + ["SE"] * 2 + ["AT"] * 2 + ["BE"] * 2 + ["US"] * 27 + ["GB"] * 4 + ["CH"] * 2 + ["BR"] * 2

NAMES = {
    "FR": (["Camille", "Louis", "Chloé", "Hugo", "Léa", "Jules", "Manon", "Gabriel", "Inès", "Arthur"],
           ["Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Bonnet", "Fontaine", "Rousseau", "Mercier", "Blanc"]),
    "DE": (["Lukas", "Anna", "Jonas", "Lea", "Felix", "Mia", "Paul", "Hannah", "Leon", "Marie"],
           ["Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Wagner", "Koch", "Richter", "Wolf"]),
    "IE": (["Aoife", "Conor", "Niamh", "Sean", "Ciara", "Liam", "Roisin", "Cian"],
           ["Byrne", "Kelly", "Walsh", "Ryan", "Doyle", "Brennan", "Gallagher", "Kavanagh"]),
    "NL": (["Daan", "Sanne", "Bram", "Lotte", "Sem", "Femke", "Ruben", "Noor"],
           ["de Jong", "Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder"]),
    "ES": (["Lucía", "Mateo", "Sofía", "Javier", "Martina", "Pablo", "Carmen", "Diego"],
           ["García", "Fernández", "López", "Martínez", "Sánchez", "Romero", "Navarro", "Torres"]),
    "IT": (["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Matteo", "Alessia", "Davide"],
           ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"]),
    "PT": (["Beatriz", "Tiago", "Inês", "Rodrigo", "Mariana", "Duarte"],
           ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa"]),
    "PL": (["Zofia", "Jakub", "Julia", "Kacper", "Maja", "Szymon"],
           ["Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski"]),
    "SE": (["Elsa", "Oskar", "Alva", "William", "Ebba", "Axel"],
           ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson"]),
    "AT": (["Valentina", "Tobias", "Lena", "Maximilian", "Sophie", "Florian"],
           ["Gruber", "Huber", "Bauer", "Pichler", "Moser", "Steiner"]),
    "BE": (["Louise", "Arthur", "Elise", "Victor", "Emma", "Noah"],
           ["Peeters", "Janssens", "Maes", "Claes", "Dupont", "Lambert"]),
    "US": (["Emily", "Michael", "Olivia", "Daniel", "Sophia", "James", "Ava", "Ethan", "Isabella", "Noah",
            "Maya", "Lucas", "Grace", "Ryan", "Priya", "Kevin"],
           ["Johnson", "Garcia", "Nguyen", "Patel", "Kim", "Rodriguez", "Thompson", "Lee", "Hernandez",
            "Walker", "Ramirez", "Park", "Wong", "Lopez", "Anderson", "Flores"]),
    "GB": (["Oliver", "Amelia", "Harry", "Isla", "George", "Poppy"],
           ["Smith", "Jones", "Taylor", "Davies", "Evans", "Wilson"]),
    "CH": (["Noah", "Lara", "Luca", "Nina", "Elias", "Alina"],
           ["Meier", "Keller", "Brunner", "Baumann", "Frei", "Zimmermann"]),
    "BR": (["Ana", "Pedro", "Larissa", "Gustavo", "Fernanda", "Rafael"],
           ["Souza", "Lima", "Carvalho", "Almeida", "Ribeiro", "Gomes"]),
}

# Street names and (postcode, city) per country; the address formats of each country.
PLACES = {
    "FR": (["rue Oberkampf", "avenue Jean Jaurès", "rue de la République", "boulevard Voltaire", "rue Sainte-Catherine"],
           [("75011", "Paris"), ("69002", "Lyon"), ("33000", "Bordeaux"), ("31000", "Toulouse"), ("44000", "Nantes")]),
    "DE": (["Hauptstrasse", "Bahnhofstrasse", "Lindenallee", "Schillerstrasse", "Gartenweg"],
           [("10115", "Berlin"), ("80331", "München"), ("20095", "Hamburg"), ("50667", "Köln"), ("04109", "Leipzig")]),
    "IE": (["Main St", "Church Rd", "O'Connell St", "Harbour Rd", "Patrick St"],
           [("D02", "Dublin"), ("T12", "Cork"), ("H91", "Galway"), ("V94", "Limerick")]),
    "NL": (["Kerkstraat", "Prinsengracht", "Stationsweg", "Molenstraat", "Dorpsstraat"],
           [("1016", "Amsterdam"), ("3011", "Rotterdam"), ("3511", "Utrecht"), ("2511", "Den Haag")]),
    "ES": (["Calle Mayor", "Gran Vía", "Calle de Alcalá", "Avenida Diagonal", "Calle Real"],
           [("28013", "Madrid"), ("08008", "Barcelona"), ("46002", "Valencia"), ("41004", "Sevilla")]),
    "IT": (["Via Roma", "Corso Vittorio Emanuele", "Via Garibaldi", "Via Dante", "Viale Mazzini"],
           [("00184", "Roma"), ("20121", "Milano"), ("50123", "Firenze"), ("10121", "Torino"), ("40121", "Bologna")]),
    "PT": (["Rua Augusta", "Avenida da Liberdade", "Rua de Santa Catarina"],
           [("1100-053", "Lisboa"), ("4000-443", "Porto")]),
    "PL": (["ul. Marszałkowska", "ul. Floriańska", "ul. Piotrkowska"],
           [("00-624", "Warszawa"), ("31-019", "Kraków"), ("90-102", "Łódź")]),
    "SE": (["Drottninggatan", "Storgatan", "Kungsgatan"],
           [("111 51", "Stockholm"), ("411 38", "Göteborg"), ("211 22", "Malmö")]),
    "AT": (["Mariahilfer Strasse", "Landstrasse", "Herrengasse"],
           [("1070", "Wien"), ("8010", "Graz"), ("5020", "Salzburg")]),
    "BE": (["Rue Neuve", "Meir", "Veldstraat"],
           [("1000", "Bruxelles"), ("2000", "Antwerpen"), ("9000", "Gent")]),
    "US": (["Mission St", "Sunset Blvd", "University Ave", "El Camino Real", "Broadway", "Ocean Ave", "Main St"],
           [("94103", "San Francisco"), ("90026", "Los Angeles"), ("92101", "San Diego"), ("95814", "Sacramento"),
            ("94301", "Palo Alto"), ("95113", "San Jose"), ("94612", "Oakland")]),
    "GB": (["High Street", "Station Road", "Church Lane"],
           [("SW1A 1AA", "London"), ("M1 1AE", "Manchester"), ("EH1 1YZ", "Edinburgh")]),
    "CH": (["Bahnhofstrasse", "Rue du Rhône", "Marktgasse"],
           [("8001", "Zürich"), ("1204", "Genève"), ("3011", "Bern")]),
    "BR": (["Rua Augusta", "Avenida Paulista", "Rua das Flores"],
           [("01305-000", "São Paulo"), ("22071-000", "Rio de Janeiro"), ("80010-000", "Curitiba")]),
}

PHONE = {"FR": "+33 6", "DE": "+49 151", "IE": "+353 87", "NL": "+31 6", "ES": "+34 6", "IT": "+39 3",
         "PT": "+351 91", "PL": "+48 5", "SE": "+46 70", "AT": "+43 664", "BE": "+32 47", "GB": "+44 7700",
         "CH": "+41 79", "BR": "+55 11 9"}
US_AREA_CODES = ["415", "213", "619", "916", "650", "408", "510"]

# The one record past its purposes' retention (a customer who never ordered), and how long ago its
# relationship ended: more than service's P6Y, the longest retention of a purpose demo-crm serves to it.
LAPSED_RECORD = "c-58"
LAPSED_DAYS = 7 * 365 + 2


def last_activity_days(record_id):
    """Days between the last activity and the seeding: within the last month, but for LAPSED_RECORD."""
    return LAPSED_DAYS if record_id == LAPSED_RECORD else int(record_id[2:]) % 30


# Segments of the generated customers (marketing's campaigns select by segment).
SEGMENT_MIX = ["loyal"] * 35 + ["new"] * 25 + ["at-risk"] * 22 + ["vip"] * 18
ORDER_COUNT = {"new": (0, 1), "loyal": (2, 5), "vip": (3, 5), "at-risk": (1, 3)}

# The shop's catalogue: sku, name, unit price in cents (in every currency alike, for simplicity).
PRODUCTS = [
    ("BK-1001", "Hardcover notebook", 1490), ("BK-1002", "Fountain pen", 3900), ("HM-2001", "Linen tea towel", 1250),
    ("HM-2002", "Ceramic mug", 1800), ("HM-2003", "Wool blanket", 8900), ("EL-3001", "Bluetooth speaker", 5990),
    ("EL-3002", "USB-C charger", 2490), ("EL-3003", "Noise-cancelling headphones", 19900),
    ("GD-4001", "Herb seed set", 990), ("GD-4002", "Watering can", 2750), ("KT-5001", "Chef's knife", 7450),
    ("KT-5002", "Cast-iron pan", 4990), ("SP-6001", "Yoga mat", 3490), ("SP-6002", "Running socks (3 pairs)", 1590),
]


def ascii_fold(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def email_local(first, last):
    return re.sub(r"[^a-z]+", ".", ascii_fold(first + " " + last).lower()).strip(".")


def user_id(number):
    # Deterministic UUID (version 4 layout): ...-0000c0000NNN, "c" for customer and the number.
    return "00000000-0000-4000-8000-0000c0%06d" % number


def address(rng, country):
    streets, places = PLACES[country]
    street, (postcode, city) = rng.choice(streets), rng.choice(places)
    number = rng.randint(1, 180)
    if country == "US":
        return f"{number} {street}, {city}, CA {postcode}, US"
    if country in ("FR", "IE", "GB"):
        return f"{number} {street}, {postcode} {city}, {country}" if country == "FR" \
            else f"{number} {street}, {city} {postcode}, {country}"
    if country == "BR":
        return f"{street}, {number}, {city}, {postcode}, BR"
    return f"{street} {number}, {postcode} {city}, {country}"


def phone(rng, country):
    if country == "US":
        return f"+1 {rng.choice(US_AREA_CODES)} 555 01{rng.randint(0, 99):02d}"
    return f"{PHONE[country]}{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def money(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def orders(rng, number, segment, currency):
    low, high = ORDER_COUNT[segment]
    count = rng.randint(low, high)
    # at-risk customers have not ordered for a while; new ones only lately
    newest, oldest = {"at-risk": (400, 900), "new": (1, 60)}.get(segment, (1, 700))
    days = sorted((rng.randint(newest, oldest) for _ in range(count)), reverse=True)
    result = []
    for index, age in enumerate(days, start=1):
        items = []
        for sku, name, price in rng.sample(PRODUCTS, rng.randint(1, 3)):
            items.append({"sku": sku, "name": name, "quantity": rng.randint(1, 3), "unit_price": money(price)})
        total = sum(item["quantity"] * int(item["unit_price"].replace(".", "")) for item in items)
        result.append({"id": f"o-{number}-{index}", "date": (TODAY - timedelta(days=age)).isoformat(),
                       "total": money(total), "currency": currency, "items": items})
    return result


def generate(realm_users_by_name):
    """Returns (realm users customer006..customer100, seed records c-1..c-100)."""
    rng = random.Random(20261129)
    users, seed, emails = [], [], set()
    for record_id, username, addr, tel, born, segment, country in HAND_WRITTEN:
        user = realm_users_by_name[username]
        emails.add(user["email"])
        number = int(record_id[2:])
        seed.append({"id": record_id, "owner": user["id"], "name": f"{user['firstName']} {user['lastName']}",
                     "email": user["email"], "phone": tel, "address": addr, "birth_date": born.isoformat(),
                     "segment": segment, "orders": orders(rng, number, segment, CURRENCY.get(country, "EUR")),
                     "last_activity_days": last_activity_days(record_id)})
    for number in range(FIRST_GENERATED, LAST_GENERATED + 1):
        country = rng.choice(COUNTRY_MIX)
        firsts, lasts = NAMES[country]
        first, last = rng.choice(firsts), rng.choice(lasts)
        local = email_local(first, last)
        domain = rng.choice(["example.com", "example.org", "example.net"])
        email = f"{local}@{domain}"
        while email in emails:
            email = f"{local}{number}@{domain}"
        emails.add(email)
        segment = rng.choice(SEGMENT_MIX)
        born = date(1946, 1, 1) + timedelta(days=rng.randint(0, 21900))
        users.append({
            "id": user_id(number),
            "username": "customer%03d" % number,
            "enabled": True,
            "emailVerified": True,
            "firstName": first,
            "lastName": last,
            "email": email,
            "attributes": {"jurisdiction": [JURISDICTION[country]]},
            "realmRoles": ["default-roles-demo", "customer"],
            "groups": [],
        })
        seed.append({"id": f"c-{number}", "owner": user_id(number), "name": f"{first} {last}", "email": email,
                     "phone": phone(rng, country), "address": address(rng, country),
                     "birth_date": born.isoformat(), "segment": segment,
                     "orders": orders(rng, number, segment, CURRENCY.get(country, "EUR")),
                     "last_activity_days": last_activity_days(f"c-{number}")})
    lapsed = [row for row in seed if row["id"] == LAPSED_RECORD]
    if len(lapsed) != 1 or lapsed[0]["orders"]:
        raise SystemExit(f"{LAPSED_RECORD} must be one seeded customer without orders (a later order would be newer activity)")
    return users, seed


def realm_with(realm, generated):
    """The realm with the generated users in place of earlier ones, right after the hand-written customers."""
    kept = [u for u in realm["users"] if not GENERATED_USERNAME.match(u.get("username", ""))]
    last_customer = max(i for i, u in enumerate(kept) if u.get("username") in {h[1] for h in HAND_WRITTEN})
    realm = dict(realm)
    realm["users"] = kept[:last_customer + 1] + generated + kept[last_customer + 1:]
    return realm


def dump(value):
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def dump_rows(rows):
    """One record per line: the seed stays small and diffs by customer."""
    return "[\n" + ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n]\n"


def main(argv):
    check = argv[1:] == ["--check"]
    if argv[1:] and not check:
        print("usage: demo-customers.py [--check]", file=sys.stderr)
        return 2
    realm = json.loads(REALM_FILE.read_text(encoding="utf-8"))
    users, seed = generate({u["username"]: u for u in realm["users"]})
    outputs = {REALM_FILE: dump(realm_with(realm, users)), SEED_FILE: dump_rows(seed)}
    stale = [path for path, text in outputs.items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is not what docker/keycloak/demo-customers.py generates", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(outputs[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
