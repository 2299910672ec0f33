import { expect } from 'chai';
import { type FailureState, NO_FAILURES, addressKey, afterFailure, isForgettable, secondsToWait } from '../../src/services/access/sign-in-throttle.js';

const MIN = 60_000;
const limits = { limit: 3, windowMs: 15 * MIN, lockMs: 15 * MIN, maxLockMs: 60 * MIN };

describe('sign-in throttle: the rule', () => {
  it('failures spread wider than the window never lock', () => {
    let state: FailureState = NO_FAILURES;
    for (let i = 0; i < 10; i++) {
      state = afterFailure(state, i * 8 * MIN, limits);
      expect(secondsToWait(state, 0, i * 8 * MIN, limits)).to.equal(0);
    }
  });

  it('locks double while failures keep coming, up to the longest lock, and reset after a quiet window', () => {
    let state: FailureState = NO_FAILURES;
    let now = 0;
    const lockOnce = () => {
      for (let i = 0; i < 3; i++) state = afterFailure(state, now, limits);
      const wait = secondsToWait(state, 0, now, limits);
      now += wait * 1000;
      return wait / 60;
    };
    expect([lockOnce(), lockOnce(), lockOnce(), lockOnce()]).to.deep.equal([15, 30, 60, 60]);
    now += 15 * MIN;
    expect(lockOnce()).to.equal(15);
  });

  it('counts attempts still being checked against the limit, for a moment', () => {
    const twice = afterFailure(afterFailure(NO_FAILURES, 0, limits), 0, limits);
    expect(secondsToWait(twice, 0, 1000, limits)).to.equal(0);
    expect(secondsToWait(twice, 1, 1000, limits)).to.equal(1);
  });

  it('forgets a key only once its lock has ended and a whole window has passed without a failure', () => {
    let state: FailureState = NO_FAILURES;
    for (let i = 0; i < 3; i++) state = afterFailure(state, 0, limits);
    expect(isForgettable(state, 15 * MIN, limits)).to.equal(false);
    expect(isForgettable(state, 30 * MIN - 1, limits)).to.equal(false);
    expect(isForgettable(state, 30 * MIN, limits)).to.equal(true);
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
