import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  EARLIEST_DATE,
  LATEST_DATE,
  ROLLOVER,
  ROLLOVER_EPOCH,
  STEP_BOOT_DATE,
  bootDateFor,
  epochSeconds,
  formatInstant,
  isAfterRollover,
  parseInstant,
  qemuRtcBase,
} from '../../src/config/dates.js'

function iso(text: string): string {
  const date = parseInstant(text)
  assert.ok(date, `expected '${text}' to parse`)
  return date.toISOString()
}

describe('constants', () => {
  test('the rollover is 2^31 seconds after the epoch, 2038-01-19T03:14:08Z', () => {
    assert.equal(ROLLOVER_EPOCH, 2147483648)
    assert.equal(ROLLOVER.toISOString(), '2038-01-19T03:14:08.000Z')
  })

  test('a step guest boots at 2038-01-18T00:00:00Z, before the rollover', () => {
    assert.equal(STEP_BOOT_DATE.toISOString(), '2038-01-18T00:00:00.000Z')
    assert.ok(STEP_BOOT_DATE < ROLLOVER)
  })

  test('the accepted range is 1970-01-02 to 2100-01-01', () => {
    assert.equal(EARLIEST_DATE.toISOString(), '1970-01-02T00:00:00.000Z')
    assert.equal(LATEST_DATE.toISOString(), '2100-01-01T00:00:00.000Z')
  })
})

describe('parseInstant', () => {
  test('a date alone means midnight UTC', () => {
    assert.equal(iso('2038-01-20'), '2038-01-20T00:00:00.000Z')
  })

  test('a time without a zone is UTC', () => {
    assert.equal(iso('2038-01-19T03:14:08'), '2038-01-19T03:14:08.000Z')
    assert.equal(iso('2038-01-19T03:14'), '2038-01-19T03:14:00.000Z')
  })

  test('a space may separate date and time', () => {
    assert.equal(iso('2038-01-19 03:14:08'), '2038-01-19T03:14:08.000Z')
  })

  test('Z means UTC', () => {
    assert.equal(iso('2038-01-19T03:14:08Z'), '2038-01-19T03:14:08.000Z')
  })

  test('a positive offset is converted to UTC', () => {
    assert.equal(iso('2038-01-20T02:00:00+02:00'), '2038-01-20T00:00:00.000Z')
    assert.equal(iso('2038-01-20T02:00:00+0200'), '2038-01-20T00:00:00.000Z')
  })

  test('a negative offset is converted to UTC, crossing midnight', () => {
    assert.equal(iso('2038-01-19T22:14:08-05:00'), '2038-01-20T03:14:08.000Z')
    assert.equal(iso('2038-01-19T23:00:00-05:30'), '2038-01-20T04:30:00.000Z')
  })

  test('fractions of a second are dropped', () => {
    assert.equal(iso('2038-01-19T03:14:07.999Z'), '2038-01-19T03:14:07.000Z')
  })

  test('a year below 100 is that year, not 19xx', () => {
    assert.equal(parseInstant('0075-06-01')?.getUTCFullYear(), 75)
    assert.equal(parseInstant('0001-01-01T00:00:00Z')?.getUTCFullYear(), 1)
  })

  test('surrounding white space is ignored', () => {
    assert.equal(iso('  2038-01-20\n'), '2038-01-20T00:00:00.000Z')
  })

  test('29 February is valid in a leap year only', () => {
    assert.equal(iso('2040-02-29'), '2040-02-29T00:00:00.000Z')
    assert.equal(parseInstant('2038-02-29'), undefined)
  })

  for (const bad of [
    '2038-02-30',
    '2038-13-01',
    '2038-00-10',
    '2038-01-00',
    '2038-01-32',
    '2038-04-31',
    '2038-01-20T24:00:00Z',
    '2038-01-20T23:60:00Z',
    '2038-01-20T23:59:60Z',
    '2038-01-20T00:00:00+24:00',
    '2038-01-20T00:00:00+01:60',
    'tomorrow',
    '',
    '20380120',
    '2038/01/20',
    '38-01-20',
    '2038-1-20',
    '2038-01-20T',
    '2038-01-20T00:00:00 UTC',
    '2038-01-20T00:00:00Zjunk',
    '0075-02-29',
  ]) {
    test(`rejects '${bad}'`, () => {
      assert.equal(parseInstant(bad), undefined)
    })
  }
})

describe('formatInstant and qemuRtcBase', () => {
  test('formatInstant drops the milliseconds and keeps the Z', () => {
    assert.equal(formatInstant(new Date(Date.UTC(2038, 0, 19, 3, 14, 8, 456))), '2038-01-19T03:14:08Z')
    assert.equal(formatInstant(ROLLOVER), '2038-01-19T03:14:08Z')
  })

  test('formatInstant round-trips through parseInstant', () => {
    const date = new Date(Date.UTC(2099, 11, 31, 23, 59, 59))
    assert.equal(parseInstant(formatInstant(date))?.getTime(), date.getTime())
  })

  test('qemuRtcBase is the UTC instant without a zone suffix', () => {
    assert.equal(qemuRtcBase(new Date(Date.UTC(2038, 0, 20))), '2038-01-20T00:00:00')
    assert.equal(qemuRtcBase(ROLLOVER), '2038-01-19T03:14:08')
    assert.doesNotMatch(qemuRtcBase(ROLLOVER), /Z/)
  })

  test('epochSeconds floors to whole seconds', () => {
    assert.equal(epochSeconds(new Date(Date.UTC(2038, 0, 20))), 2147558400)
    assert.equal(epochSeconds(new Date(ROLLOVER.getTime() - 1)), ROLLOVER_EPOCH - 1)
  })
})

describe('isAfterRollover', () => {
  test('2038-01-19T03:14:07Z is the last second a 32-bit time_t holds', () => {
    assert.equal(isAfterRollover(parseInstant('2038-01-19T03:14:07Z')!), false)
  })

  test('2038-01-19T03:14:08Z is past the rollover', () => {
    assert.equal(isAfterRollover(parseInstant('2038-01-19T03:14:08Z')!), true)
  })

  test('the millisecond before the rollover is still before it', () => {
    assert.equal(isAfterRollover(new Date(ROLLOVER.getTime() - 1)), false)
  })

  test('dates far on either side', () => {
    assert.equal(isAfterRollover(parseInstant('1999-12-31')!), false)
    assert.equal(isAfterRollover(parseInstant('2099-12-31')!), true)
  })
})

describe('bootDateFor', () => {
  const before = parseInstant('2038-01-10T12:00:00Z')!
  const after = parseInstant('2038-01-20')!

  test('boot mode starts the RTC at the requested date, on both sides', () => {
    assert.equal(bootDateFor(before, 'boot').getTime(), before.getTime())
    assert.equal(bootDateFor(after, 'boot').getTime(), after.getTime())
  })

  test('step mode boots at the requested date when it is before the step boot date', () => {
    assert.equal(bootDateFor(before, 'step').getTime(), before.getTime())
  })

  test('step mode boots at 2038-01-18 for a date after it', () => {
    assert.equal(bootDateFor(after, 'step').getTime(), STEP_BOOT_DATE.getTime())
    assert.equal(bootDateFor(parseInstant('2090-06-01')!, 'step').getTime(), STEP_BOOT_DATE.getTime())
  })

  test('step mode at exactly the step boot date boots there', () => {
    assert.equal(bootDateFor(STEP_BOOT_DATE, 'step').getTime(), STEP_BOOT_DATE.getTime())
  })
})
