import { evalExpr, ExprError, parseExpr } from '../../dialogs/expr';

const scope = { slots: { reason: 'Damaged', qty: 3, order: { found: false } }, profile: { vip: true }, channel: 'sms', locale: 'de' };

describe('branch conditions', () => {
  test.each([
    ['slots.reason == "damaged"', true],
    ["slots.reason != 'damaged'", false],
    ['slots.qty >= 2 and channel == "sms"', true],
    ['slots.qty > 5 or profile.vip == true', true],
    ['not slots.order.found', true],
    ['not (slots.qty < 5)', false],
    ['locale in ["de", "fr"]', true],
    ['slots.missing', false],
    ['slots.missing == null', true],
  ])('%s → %s', (expr, expected) => {
    expect(evalExpr(expr, scope)).toBe(expected);
  });

  test('rejects code and unknown names with the position', () => {
    expect(() => parseExpr('process.exit(1)')).toThrow(/unknown name "process"/);
    expect(() => parseExpr('slots.a == ')).toThrow(ExprError);
    expect(() => parseExpr('slots.a = 1')).toThrow(/unexpected "="/);
    try {
      parseExpr('slots.a == 1 and foo');
    } catch (err) {
      expect((err as ExprError).offset).toBe(17);
    }
  });
});
