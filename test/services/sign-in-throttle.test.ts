import { expect } from 'chai';
import { addressKey, failureThrottle } from '../../src/services/access/sign-in-throttle.js';

const MIN = 60_000;
const limits = { limit: 3, windowMs: 15 * MIN, lockMs: 15 * MIN, maxLockMs: 60 * MIN, capacity: 5 };

function fail(throttle: ReturnType<typeof failureThrottle>, key: string, now: number): void {
  throttle.begin(key, now);
  throttle.end(key, now, true);
}

describe('sign-in throttle', () => {
  it('failures spread wider than the window never lock', () => {
    const throttle = failureThrottle(limits);
    for (let i = 0; i < 10; i++) {
      fail(throttle, 'u', i * 8 * MIN);
      expect(throttle.retryAfter('u', i * 8 * MIN)).to.equal(0);
    }
  });

  it('locks double while failures keep coming, up to the longest lock, and reset after a quiet window', () => {
    const throttle = failureThrottle(limits);
    let now = 0;
    const lockOnce = () => {
      for (let i = 0; i < 3; i++) fail(throttle, 'u', now);
      const wait = throttle.retryAfter('u', now);
      now += wait * 1000;
      return wait / 60;
    };
    expect([lockOnce(), lockOnce(), lockOnce(), lockOnce()]).to.deep.equal([15, 30, 60, 60]);
    now += 15 * MIN;
    expect(lockOnce()).to.equal(15);
  });

  it('remembers at most its capacity of keys however many names are tried', () => {
    const throttle = failureThrottle(limits);
    for (let i = 0; i < 100; i++) fail(throttle, `name-${i}`, i);
    expect(throttle.size).to.be.at.most(5);
  });

  it('counts IPv4 addresses as they are and IPv6 addresses by their /64', () => {
    expect(addressKey('::ffff:192.0.2.7')).to.equal('192.0.2.7');
    expect(addressKey('192.0.2.7')).to.equal('192.0.2.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).to.equal(addressKey('2001:0db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(addressKey('2001:db8::1')).to.equal('2001:db8:0:0::/64');
    expect(addressKey('2001:db8:1:3::1')).not.to.equal(addressKey('2001:db8:1:2::1'));
    expect(addressKey('::1')).to.equal('0:0:0:0::/64');
  });
});
