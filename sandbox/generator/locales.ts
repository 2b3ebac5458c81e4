/**
 * Names, addresses and phone numbers as customers in each country really write them: accents and
 * non-Latin scripts (ü, ø, ł, Ελλάδα, 日本, العربية), apostrophes, several phone formats per
 * country, and postal codes in the local pattern. Small tables, combined by the seeded Rng.
 *
 * @example
 *   const person = personFor(rng, 'eu'); // { firstName: 'Søren', lastName: 'Jørgensen', country: 'DK', … }
 */
import type { Region } from './regions.ts';
import type { Rng } from './rng.ts';

export interface Locale {
  country: string;
  countryName: string;
  first: readonly string[];
  last: readonly string[];
  streets: readonly string[];
  /** [city, province or region code, postal code pattern: # = digit, A = letter]. */
  cities: ReadonlyArray<readonly [string, string, string]>;
  phones: readonly string[];
  /** House number before (true) or after the street. */
  numberFirst: boolean;
  taxRateBps?: number;
}

const L = (s: string) => s.split('|');

const LOCALES: Record<Region['key'], readonly Locale[]> = {
  us: [
    {
      country: 'US',
      countryName: 'United States',
      first: L('James|Mary|Robert|Patricia|Michael|Jennifer|David|Linda|José|María|Chloé|DeShawn|Nguyễn|Zoë'),
      last: L("Smith|Johnson|Williams|Brown|Garcia|Miller|O'Brien|Rodriguez|Nguyen|Kowalski|Müller-Lee|Chen"),
      streets: L('Main St|Oak Avenue|Market Street|Elm St, Apt 4B|Sunset Blvd|Broadway|Peachtree Rd NE'),
      cities: [
        ['San Francisco', 'CA', '941##'],
        ['New York', 'NY', '100##'],
        ['Austin', 'TX', '787##'],
        ['Seattle', 'WA', '981##'],
        ['Portland', 'OR', '972##'],
        ['Reno', 'NV', '895##'],
      ],
      phones: L('+1 (###) 555-0###|###-555-0###|###.555.0###|+1###5550###|1-###-555-0###'),
      numberFirst: true,
    },
  ],
  eu: [
    {
      country: 'DE',
      countryName: 'Deutschland',
      first: L('Jürgen|Günther|Anna|Lena|Maximilian|Sophie|Björn|Käthe|Jörg|Ünal'),
      last: L('Müller|Schröder|Weiß|Groß|Köhler|Bäcker|Schmidt|Fuchs|Straßburger|von der Höh'),
      streets: L('Hauptstraße|Königsallee|Schloßstraße|Bahnhofstr.|Mühlenweg|Am Gänsemarkt'),
      cities: [
        ['München', 'BY', '80###'],
        ['Köln', 'NW', '50###'],
        ['Düsseldorf', 'NW', '40###'],
        ['Berlin', 'BE', '10###'],
      ],
      phones: L('+49 89 ########|089 #######|+49 (0)151 ########|0049 30 #### ####'),
      numberFirst: false,
    },
    {
      country: 'DK',
      countryName: 'Danmark',
      first: L('Søren|Bjørn|Åse|Mette|Frederik|Ærøe|Sørine'),
      last: L('Jørgensen|Nørgaard|Søndergaard|Møller|Kjær|Ærenlund'),
      streets: L('Østerbrogade|Nørregade|Åboulevard|Søndre Fasanvej'),
      cities: [
        ['København Ø', '84', '21##'],
        ['Århus C', '82', '80##'],
        ['Ærøskøbing', '83', '5970'],
      ],
      phones: L('+45 ## ## ## ##|########|+45 #### ####'),
      numberFirst: false,
      taxRateBps: 2500,
    },
    {
      country: 'PL',
      countryName: 'Polska',
      first: L('Łukasz|Małgorzata|Paweł|Żaneta|Wojciech|Agnieszka'),
      last: L('Wałęsa|Łukaszewicz|Żółkiewski|Nowak|Wiśniewska|Szczęsny'),
      streets: L('ul. Świętokrzyska|ul. Żelazna|al. Jerozolimskie|ul. Łąkowa'),
      cities: [
        ['Łódź', '10', '9#-###'],
        ['Kraków', '12', '3#-###'],
        ['Wrocław', '02', '5#-###'],
        ['Gdańsk', '22', '8#-###'],
      ],
      phones: L('+48 ### ### ###|###-###-###|+48 ## ### ## ##'),
      numberFirst: false,
      taxRateBps: 2300,
    },
    {
      country: 'GR',
      countryName: 'Ελλάδα',
      first: L('Γιώργος|Μαρία|Δημήτρης|Ελένη|Νίκος|Αικατερίνη'),
      last: L('Παπαδόπουλος|Οικονόμου|Γεωργίου|Αντωνίου|Καραγιάννη'),
      streets: L('Οδός Ερμού|Λεωφόρος Βασιλίσσης Σοφίας|Οδός Αιόλου|Πανεπιστημίου'),
      cities: [
        ['Αθήνα', 'I', '10# ##'],
        ['Θεσσαλονίκη', 'B', '54# ##'],
        ['Ηράκλειο', 'M', '71# ##'],
      ],
      phones: L('+30 21 #### ####|210 ### ####|+30 69 #### ####'),
      numberFirst: false,
      taxRateBps: 2400,
    },
    {
      country: 'FR',
      countryName: 'France',
      first: L('François|Hélène|Amélie|Jérôme|Gaëlle|Loïc|Cécile'),
      last: L("Lefèvre|Dubois|Bérenger|D'Alembert|Moreau|Lemaître"),
      streets: L('rue de la Paix|boulevard Saint-Germain|avenue des Champs-Élysées|quai d’Orsay'),
      cities: [
        ['Paris', 'IDF', '750##'],
        ['Lyon', 'ARA', '690##'],
        ['Saint-Étienne', 'ARA', '420##'],
      ],
      phones: L('+33 1 ## ## ## ##|01 ## ## ## ##|+33 (0)6 ## ## ## ##'),
      numberFirst: true,
      taxRateBps: 2000,
    },
  ],
  uk: [
    {
      country: 'GB',
      countryName: 'United Kingdom',
      first: L('Oliver|Amelia|Harry|Isla|Siobhán|Rhys|Niamh|Aoife'),
      last: L("Smith|Jones|Taylor|O'Connor|Ffrench|Llewellyn|Ní Bhriain|Featherstonehaugh"),
      streets: L('High Street|Station Road|Church Lane|Victoria Road|The Green, Flat 3'),
      cities: [
        ['London', 'ENG', 'SW#A #AA'],
        ['Manchester', 'ENG', 'M# #AA'],
        ['Cardiff', 'WLS', 'CF## #AA'],
        ['Edinburgh', 'SCT', 'EH# #AA'],
      ],
      phones: L('+44 20 7946 0###|020 7946 0###|07700 900###|+44 (0)161 496 0###'),
      numberFirst: true,
    },
  ],
  jp: [
    {
      country: 'JP',
      countryName: '日本',
      first: L('太郎|花子|翔太|さくら|健一|美咲|ユウキ'),
      last: L('佐藤|鈴木|高橋|田中|渡辺|伊藤|山本'),
      streets: L('神南1丁目|丸の内2丁目|梅田3丁目|栄4丁目'),
      cities: [
        ['渋谷区', 'JP-13', '150-00##'],
        ['千代田区', 'JP-13', '100-00##'],
        ['大阪市北区', 'JP-27', '530-00##'],
        ['名古屋市中区', 'JP-23', '460-00##'],
      ],
      phones: L('03-####-####|+81 90-####-####|090 #### ####|+81-6-####-####'),
      numberFirst: false,
    },
  ],
  kw: [
    {
      country: 'KW',
      countryName: 'الكويت',
      first: L('محمد|فاطمة|عبدالله|نورة|Yousef|Mariam|Abdulaziz'),
      last: L('العتيبي|الصباح|المطيري|Al-Rashidi|Al-Enezi|Al-Kandari'),
      streets: L('شارع الخليج العربي|Block 3, Street 14|شارع فهد السالم|Gulf Road'),
      cities: [
        ['مدينة الكويت', 'KU', '1####'],
        ['Salmiya', 'HA', '2####'],
        ['الجهراء', 'JA', '0####'],
      ],
      phones: L('+965 #### ####|+965########|####-####'),
      numberFirst: true,
    },
  ],
};

const COMPANY_STEMS = L(
  'Nordlicht|Blue Harbour|Sakura Trading|Żuraw|Hellas Logistics|Fjord & Co|Maple Ridge|Desert Rose|Mühlbach|Ørsted Living|Atlas|Kestrel|Olympus|Brightwater',
);
const COMPANY_SUFFIX: Record<string, readonly string[]> = {
  US: L('Inc.|LLC|Corp.'),
  DE: L('GmbH|AG|GmbH & Co. KG'),
  DK: L('ApS|A/S'),
  PL: L('sp. z o.o.|S.A.'),
  GR: L('Α.Ε.|Ε.Π.Ε.'),
  FR: L('SARL|SAS'),
  GB: L('Ltd|PLC|LLP'),
  JP: L('株式会社|合同会社'),
  KW: L('W.L.L.|K.S.C.C.'),
};

export interface Person {
  firstName: string;
  lastName: string;
  company: string | null;
  country: string;
  countryName: string;
  address1: string;
  address2: string | null;
  city: string;
  province: string;
  zip: string;
  phone: string;
  taxRateBps: number | undefined;
}

function fillPattern(rng: Rng, pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '#') out += String(rng.int(0, 9));
    else if (ch === 'A') out += String.fromCharCode(65 + rng.int(0, 25));
    else out += ch;
  }
  return out;
}

/** A person (and, for about a third, their company) living in one of the region's countries. */
export function personFor(rng: Rng, region: Region['key']): Person {
  const locale = rng.pick(LOCALES[region]);
  const [city, province, postal] = rng.pick(locale.cities);
  const street = rng.pick(locale.streets);
  const number = String(rng.int(1, 240));
  const company = rng.chance(0.35)
    ? locale.country === 'JP'
      ? `${rng.pick(COMPANY_SUFFIX.JP ?? [''])}${rng.pick(COMPANY_STEMS)}`
      : `${rng.pick(COMPANY_STEMS)} ${rng.pick(COMPANY_SUFFIX[locale.country] ?? [''])}`
    : null;
  return {
    firstName: rng.pick(locale.first),
    lastName: rng.pick(locale.last),
    company,
    country: locale.country,
    countryName: locale.countryName,
    address1: locale.numberFirst ? `${number} ${street}` : `${street} ${number}`,
    address2: rng.chance(0.2) ? `Suite ${rng.int(100, 999)}` : null,
    city,
    province,
    zip: fillPattern(rng, postal),
    phone: fillPattern(rng, rng.pick(locale.phones)),
    taxRateBps: locale.taxRateBps,
  };
}

/** Another phone number a person in `country` might give (the concurrent-edit case). */
export function phoneIn(rng: Rng, region: Region['key'], country: string): string {
  const locale = LOCALES[region].find((l) => l.country === country) ?? LOCALES[region][0]!;
  return fillPattern(rng, rng.pick(locale.phones));
}

/** A company name over 200 characters, as registered names in some countries really run. */
export function longCompanyName(rng: Rng): string {
  const name =
    'Internationale Gesellschaft für Präzisionsgeräte, Messtechnik und Zubehör mbH & Co. ' +
    'Kommanditgesellschaft auf Aktien — Niederlassung Düsseldorf-Oberkassel, ' +
    'Abteilung Großkundenbetreuung und Ersatzteilversorgung Europa/Nahost ';
  return `${name}(Zweigstelle Nr. ${rng.int(10, 99)})`;
}

/** The email a person would use, ASCII-folded (ü → u, ø → o); non-Latin names get a handle. */
export function emailFor(rng: Rng, person: Person, serial: number): string {
  const fold = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ø/g, 'o')
      .replace(/ł/g, 'l')
      .replace(/ß/g, 'ss')
      .replace(/æ/gi, 'ae')
      .toLowerCase()
      .replace(/[^a-z]/g, '');
  const local = `${fold(person.firstName) || 'customer'}.${fold(person.lastName) || 'k'}${serial}`;
  const domain = rng.pick(['example.com', 'example.net', 'example.org', 'mail.example.test']);
  return `${local}@${domain}`;
}
