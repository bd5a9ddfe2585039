import { describe, expect, it } from 'vitest';
import { callbackUrlProblem, refusedHost } from '../../src/core/callback-url.ts';
import { forbiddenAddress, isIpAddress } from '../../src/core/network-address.ts';

const strict = { allowPrivateAddresses: false };
const local = { allowPrivateAddresses: true };

describe('forbiddenAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'], ['127.255.0.9', 'loopback'], ['::1', 'loopback'],
    ['10.0.0.1', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.0.10', 'private'],
    ['fc00::1', 'private'], ['fdff:ffff::1', 'private'], ['100.64.0.1', 'private'],
    ['169.254.0.1', 'link-local'], ['fe80::1', 'link-local'], ['febf::1', 'link-local'], ['fe80::1%eth0', 'link-local'],
    ['169.254.169.254', 'metadata'], ['fd00:ec2::254', 'metadata'],
    ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'], ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:10.0.0.1', 'private'], ['[::ffff:169.254.169.254]', 'metadata'],
    ['::127.0.0.1', 'loopback'], ['64:ff9b::a9fe:a9fe', 'metadata'], ['2002:c0a8:101::', 'private'],
    ['224.0.0.1', 'multicast'], ['ff02::1', 'multicast'], ['255.255.255.255', 'reserved'], ['240.0.0.1', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(forbiddenAddress(address)?.kind).toBe(kind);
  });

  it.each(['8.8.8.8', '172.15.255.255', '172.32.0.0', '169.253.255.255', '100.63.255.255', '93.184.216.34', '2001:4860:4860::8888', '::ffff:8.8.8.8', '2606:4700::1111'])(
    '%s is public', (address) => {
      expect(forbiddenAddress(address)).toBeUndefined();
      expect(isIpAddress(address)).toBe(true);
    },
  );

  it('does not read host names or malformed text as addresses', () => {
    for (const text of ['example.cl', 'localhost', '1.2.3', '1.2.3.256', '::1::2', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1']) {
      expect(forbiddenAddress(text), text).toBeUndefined();
      expect(isIpAddress(text), text).toBe(false);
    }
  });
});

describe('callbackUrlProblem', () => {
  it('accepts public http and https URLs', () => {
    for (const url of ['https://erp.example.cl/dte', 'http://93.184.216.34:8080/hook', 'https://[2606:4700::1111]/x']) {
      expect(callbackUrlProblem(url, strict), url).toBeUndefined();
    }
  });

  it('refuses other schemes, credentials and what is not a URL', () => {
    for (const url of ['ftp://example.cl/x', 'file:///etc/passwd', 'gopher://127.0.0.1:6379/_INFO', 'https://user:pw@example.cl/', 'not a url', '/relative']) {
      expect(callbackUrlProblem(url, strict), url).toBe('callbackUrl must be an absolute http or https URL without credentials');
    }
  });

  it('refuses localhost and literal loopback, private, link-local and metadata addresses, in every spelling the URL parser reads', () => {
    const cases: Array<[string, string]> = [
      ['http://127.0.0.1:6379/', '127.0.0.1, a loopback address'],
      ['http://0x7f000001/', '127.0.0.1, a loopback address'],
      ['http://2130706433/', '127.0.0.1, a loopback address'],
      ['http://0177.0.0.1/', '127.0.0.1, a loopback address'],
      ['http://localhost:8080/', 'localhost, a loopback name'],
      ['http://api.localhost./', 'api.localhost., a loopback name'],
      ['http://[::1]/', '::1, a loopback address'],
      ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1, a loopback address (IPv4-mapped)'],
      ['http://10.1.2.3/', '10.1.2.3, a private address'],
      ['http://192.168.1.20/', '192.168.1.20, a private address'],
      ['http://[fd12:3456::1]/', 'fd12:3456::1, a private (unique local) address'],
      ['http://169.254.10.1/', '169.254.10.1, a link-local address'],
      ['http://[fe80::1]/', 'fe80::1, a link-local address'],
      ['http://0.0.0.0:5432/', '0.0.0.0, an unspecified ("this network") address'],
      ['http://169.254.169.254/latest/meta-data/', "169.254.169.254, a cloud provider's metadata address"],
      ['http://[fd00:ec2::254]/', "fd00:ec2::254, a cloud provider's metadata address"],
    ];
    for (const [url, named] of cases) {
      expect(callbackUrlProblem(url, strict), url).toMatch(new RegExp(`^callbackUrl points at ${named.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: webhooks are only sent to public addresses`));
    }
  });

  it('allows private addresses for local use, but never a metadata service', () => {
    expect(callbackUrlProblem('http://127.0.0.1:9000/hook', local)).toBeUndefined();
    expect(callbackUrlProblem('http://localhost:9000/hook', local)).toBeUndefined();
    expect(callbackUrlProblem('http://10.0.0.5/hook', local)).toBeUndefined();
    expect(callbackUrlProblem('http://169.254.169.254/', local)).toBe("callbackUrl points at 169.254.169.254, a cloud provider's metadata address: webhooks are only sent to public addresses");
    expect(refusedHost('[::ffff:169.254.169.254]', local)?.kind).toBe('metadata');
  });
});
