import { pick, type RandomSource } from '../../random/seededRandom';

// Words for generated EAM data: what a maintenance team's system holds. The documents' own
// examples are used where they carry a value (codes, sentences); most of them read "string".

type Words = readonly [string, ...string[]];

const CITIES: Words = ['Rotterdam', 'Aarhus', 'Lyon', 'Gdansk', 'Porto', 'Leeds', 'Graz', 'Tampere'];
const COUNTRIES: Words = ['NL', 'DK', 'FR', 'PL', 'PT', 'GB', 'AT', 'FI'];
const FIRST: Words = ['Ana', 'Ben', 'Chloe', 'Dario', 'Eva', 'Femi', 'Greta', 'Hugo', 'Ines', 'Jonas'];
const LAST: Words = ['Jensen', 'Kowalski', 'Martin', 'Silva', 'Okafor', 'Novak', 'Berg', 'Costa'];
const COMPANY_A: Words = ['Nordic', 'Atlas', 'Delta', 'Summit', 'Harbor', 'Vertex', 'Pioneer', 'Keystone'];
const COMPANY_B: Words = ['Industrial Supply', 'Bearings', 'Fluid Power', 'Electric', 'Automation', 'Tools'];
const ASSETS: Words = [
  'Centrifugal pump',
  'Air compressor',
  'Belt conveyor',
  'Steam boiler',
  'Chiller',
  'Forklift',
  'Diesel generator',
  'Packaging line',
  'Cooling tower',
  'CNC mill',
];
const PARTS: Words = [
  'Ball bearing 6205',
  'V-belt SPA 1250',
  'Hydraulic filter',
  'Flange gasket DN50',
  'Mechanical seal',
  'Motor 5.5 kW',
  'Fuse 10 A',
  'Grease cartridge',
  'Air filter',
  'O-ring kit',
];
const WORK: Words = ['Inspect', 'Lubricate', 'Replace bearing on', 'Calibrate', 'Repair leak on', 'Overhaul'];
const PLACES: Words = ['Building', 'Hall', 'Line', 'Room', 'Yard', 'Workshop'];
const TRADES: Words = ['Mechanical', 'Electrical', 'Facilities', 'Utilities', 'Instrumentation'];
const NOTES: Words = [
  'Checked during the morning round.',
  'Parts ordered from the usual vendor.',
  'Follow the lockout/tagout procedure.',
  'Noise reported by the operator.',
  'See the attached manual, section 4.',
];
const UOM: Words = [
  'Each',
  'Hour',
  'Kilogram',
  'Litre',
  'Metre',
  'Box',
  'Set',
  'Pair',
  'Roll',
  'Gallon',
  'Pound',
  'Foot',
];
const CUSTOM_FIELDS: Words = [
  'Failure code',
  'Downtime cause',
  'Shift',
  'Permit number',
  'Cost center',
  'Inspector',
];
const ORGANIZATIONS: Words = ['Operations', 'Facilities', 'Fleet'];

export const SEVERITIES: Words = ['Low', 'Medium', 'High', 'Critical'];

/** A name for record `index` of `collection`, the same wherever the record is named. */
export function displayName(collection: string, index: number, random: RandomSource): string {
  const n = index + 1;
  switch (collection) {
    case 'organizations':
      return `${ORGANIZATIONS[index % ORGANIZATIONS.length] ?? 'Operations'} ${n}`;
    case 'sites':
      return `${CITIES[index % CITIES.length] ?? 'Rotterdam'} plant ${Math.floor(index / CITIES.length) + 1}`;
    case 'locations':
      return `${pick(random, PLACES)} ${n}`;
    case 'storerooms':
      return `Storeroom ${n}`;
    case 'accounts':
      return `Cost center ${4000 + n}`;
    case 'teams':
      return `${pick(random, TRADES)} team ${n}`;
    case 'labors':
    case 'users':
      return `${pick(random, FIRST)} ${pick(random, LAST)}`;
    case 'uom':
      return UOM[index % UOM.length] ?? 'Each';
    case 'companies':
    case 'vendors':
    case 'customers':
      return `${pick(random, COMPANY_A)} ${pick(random, COMPANY_B)} ${n}`;
    case 'materials':
    case 'inventories':
      return `${pick(random, PARTS)} (${String(n).padStart(4, '0')})`;
    case 'assets':
      return `${pick(random, ASSETS)} A-${100 + n}`;
    case 'asset-templates':
      return `${pick(random, ASSETS)} model ${n}`;
    case 'meters':
      return `Runtime meter ${n}`;
    case 'documents':
      return `Manual ${n}.pdf`;
    case 'work-orders/custom-fields':
      return CUSTOM_FIELDS[index % CUSTOM_FIELDS.length] ?? 'Shift';
    default:
      return `${collection} ${n}`;
  }
}

/** A work order's, request's or plan's title about the asset named `assetName`. */
export function workTitle(random: RandomSource, assetName: string): string {
  return `${pick(random, WORK)} ${assetName}`;
}

/** Numbers written as text or numbers: quantities, prices, times, readings. */
const NUMERIC =
  /(quantity|Quantity|price|Price|cost|Cost|Value|Time|Count|Point|Level|reading|Reading|interval|rate|lineNo|discount|^lat$|^lng$|uomQuantity)$/;

export function isNumericField(field: string): boolean {
  return NUMERIC.test(field);
}

/** A plausible number for `field`. */
export function numberFor(field: string, random: RandomSource): number {
  if (field === 'lat') return Math.round((43 + random() * 18) * 1e4) / 1e4;
  if (field === 'lng') return Math.round((-5 + random() * 30) * 1e4) / 1e4;
  if (/[Pp]rice|[Cc]ost|Value|rate|discount/.test(field)) return Math.round(random() * 50_000) / 100;
  if (/Time$/.test(field)) return Math.round(random() * 16) / 2;
  return 1 + Math.floor(random() * 40);
}

/** A plausible text for a string field with no better source, or undefined. */
export function textFor(field: string, random: RandomSource, index: number): string | undefined {
  switch (field) {
    case 'description':
    case 'notes':
    case 'instructions':
    case 'completionRemarks':
      return pick(random, NOTES);
    case 'severity':
    case 'priority':
    case 'criticality':
      return pick(random, SEVERITIES);
    case 'categoryName':
    case 'roleName':
      return `${pick(random, TRADES)}`;
    case 'country':
      return pick(random, COUNTRIES);
    case 'city':
    case 'state':
      return pick(random, CITIES);
    case 'addressLines':
      return `${1 + Math.floor(random() * 200)} Harbour Road`;
    case 'postCode':
      return String(1000 + Math.floor(random() * 8999));
    case 'phone':
    case 'phones':
      return `+31 10 555 ${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;
    case 'firstName':
      return pick(random, FIRST);
    case 'lastName':
    case 'middleName':
      return pick(random, LAST);
    case 'currency':
    case 'currencyKey':
      return 'EUR';
    case 'taxKey':
      return 'VAT21';
    case 'shippingMethod':
      return 'Ground';
    case 'terms':
      return 'Net 30';
    default:
      return commerceText(field, random, index);
  }
}

function commerceText(field: string, random: RandomSource, index: number): string | undefined {
  switch (field) {
    case 'contentType':
      return 'application/pdf';
    case 'type':
      return 'Standard';
    case 'manufacturerName':
    case 'makeName':
      return pick(random, COMPANY_A);
    case 'serialNumber':
      return `SN-${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    case 'uomName':
      return 'Hours';
    case 'properties':
      return '{}';
    case 'checkList':
      return '[]';
    default:
      return field.endsWith('Number') || field.endsWith('No') || field.endsWith('Pos')
        ? String(100 + index)
        : undefined;
  }
}
