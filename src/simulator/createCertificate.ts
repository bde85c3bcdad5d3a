import { generate } from 'selfsigned';

export interface SimulatorCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

/** A fresh self-signed certificate for 127.0.0.1 and localhost; clients trust exactly this one. */
export async function createCertificate(): Promise<SimulatorCertificate> {
  const pems = await generate([{ name: 'commonName', value: 'tunnelwatch-arm-simulator' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { certPem: pems.cert, keyPem: pems.private };
}
