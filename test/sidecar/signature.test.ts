import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from '../../sidecar/src/webhooks/signature';
import { parsedFixture, readFixture } from '../helpers/fixtures';

interface Vector {
  secret: string;
  raw_body_file: string;
  expected_signature_header: string;
}

const vectors = parsedFixture<Record<string, Vector>>('signature-test-vectors.json');

describe('webhook signature', () => {
  it.each(Object.entries(vectors))('signs vector %s', (_name, vector) => {
    const body = readFixture(vector.raw_body_file);

    expect(signBody(vector.secret, body)).toBe(vector.expected_signature_header);
    expect(verifySignature([vector.secret], body, vector.expected_signature_header)).toBe(true);
  });

  it('rejects another secret', () => {
    const vector = vectors.discourse_spec_ping!;
    expect(verifySignature(['another-secret-value'], readFixture(vector.raw_body_file), vector.expected_signature_header)).toBe(false);
  });

  it('accepts the previous secret during rotation', () => {
    const vector = vectors.praxis_example!;
    const body = readFixture(vector.raw_body_file);
    expect(verifySignature(['the-new-secret-value', vector.secret], body, vector.expected_signature_header)).toBe(true);
  });

  it('rejects a body changed by one byte', () => {
    const vector = vectors.praxis_example!;
    const body = Buffer.from(readFixture(vector.raw_body_file));
    body[10] = body[10]! ^ 1;
    expect(verifySignature([vector.secret], body, vector.expected_signature_header)).toBe(false);
  });

  it.each([
    ['missing header', undefined],
    ['empty header', ''],
    ['no sha256 prefix', '162f107f6b5022353274eb1a7197885cfd35744d8d08e5bcea025d309386b7d6'],
    ['sha1 prefix', 'sha1=162f107f6b5022353274eb1a7197885cfd35744d8d08e5bcea025d309386b7d6'],
    ['short digest', 'sha256=162f107f'],
    ['long digest', 'sha256=162f107f6b5022353274eb1a7197885cfd35744d8d08e5bcea025d309386b7d600'],
    ['uppercase digest', 'sha256=162F107F6B5022353274EB1A7197885CFD35744D8D08E5BCEA025D309386B7D6'],
  ])('rejects %s', (_case, header) => {
    const vector = vectors.discourse_spec_ping!;
    expect(verifySignature([vector.secret], readFixture(vector.raw_body_file), header)).toBe(false);
  });
});
