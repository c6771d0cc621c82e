/**
 * The addresses a phone on the same network can open (issue 16 item 15): the
 * hand-off QR code links to the address the page was opened with, so the
 * demo prints these when it listens on every interface (HOST=0.0.0.0 or ::).
 */
import { networkInterfaces } from 'node:os';

/** Whether a bound host listens beyond loopback. */
export function bindsEveryInterface(hostname) {
  return ['0.0.0.0', '::', '[::]'].includes(hostname);
}

/** Non-internal IPv4 addresses, then IPv6 ones (link-local left out: a browser cannot open them without a zone). */
export function lanAddresses(interfaces = networkInterfaces()) {
  const all = Object.values(interfaces).flat().filter((info) => info && !info.internal);
  const v4 = all.filter((info) => info.family === 'IPv4' || info.family === 4).map((info) => info.address);
  const v6 = all
    .filter((info) => (info.family === 'IPv6' || info.family === 6) && !/^fe80:/i.test(info.address))
    .map((info) => `[${info.address}]`);
  return [...v4, ...v6];
}

/** The lines `npm start` prints about other devices. */
export function lanLines(hostname, port, interfaces = networkInterfaces()) {
  if (!bindsEveryInterface(hostname)) {
    return ['  To continue on a phone: HOST=0.0.0.0 npm start (listens on your network), then open the address it prints.'];
  }
  const addresses = lanAddresses(interfaces);
  if (!addresses.length) return ['  Listening on every interface, but this machine has no network address besides loopback.'];
  return [
    '  On your network (open the applicant page with this address, so that its QR code works on a phone):',
    ...addresses.map((address) => `    http://${address}:${port}/kyc/`),
  ];
}
