/**
 * The business outcomes of the coupon endpoints (series, issue, redemption, reactivation, revocation), each built
 * from the Capillary codes that report it, with Capillary's code and message and the request id.
 *
 * @since 0.1.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * The coupon code is not valid or does not exist in the organisation: codes 702, 719.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidCouponCode
  extends Schema.TaggedError<InvalidCouponCode>()("InvalidCouponCode", Endpoint.DomainErrorFields)
{}

/**
 * The coupon was not issued to this customer, and its series does not let anyone redeem it: codes 703, 710,
 * 723.
 *
 * @since 0.1.0
 * @category errors
 */
export class CouponNotIssuedToCustomer
  extends Schema.TaggedError<CouponNotIssuedToCustomer>()("CouponNotIssuedToCustomer", Endpoint.DomainErrorFields)
{}

/**
 * The coupon was already redeemed (and its series allows no further redemption): code 711.
 *
 * @since 0.1.0
 * @category errors
 */
export class CouponAlreadyRedeemed
  extends Schema.TaggedError<CouponAlreadyRedeemed>()("CouponAlreadyRedeemed", Endpoint.DomainErrorFields)
{}

/**
 * The coupon series (or its campaign) has ended, so nothing more is issued from it: code 712.
 *
 * @since 0.1.0
 * @category errors
 */
export class SeriesExpired extends Schema.TaggedError<SeriesExpired>()("SeriesExpired", Endpoint.DomainErrorFields) {}

/**
 * The coupon is past its validity: code 713.
 *
 * @since 0.1.0
 * @category errors
 */
export class CouponExpired extends Schema.TaggedError<CouponExpired>()("CouponExpired", Endpoint.DomainErrorFields) {}

/**
 * The series, or the customer within it, has used up its redemptions: codes 714 (campaign), 728, 736.
 *
 * @since 0.1.0
 * @category errors
 */
export class MaxRedemptionsReached
  extends Schema.TaggedError<MaxRedemptionsReached>()("MaxRedemptionsReached", Endpoint.DomainErrorFields)
{}

/**
 * The bill amount is outside the series' minimum and maximum bill amounts: code 733.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidBillAmount
  extends Schema.TaggedError<InvalidBillAmount>()("InvalidBillAmount", Endpoint.DomainErrorFields)
{}

/**
 * The customer already holds as many coupons of the series as allowed: codes 5002 (`maxVouchersPerUser`
 * reached), 5004 (only one allowed: `isMultipleVouchersPerUserAllowed` is false, or a GENERIC code).
 *
 * @since 0.1.0
 * @category errors
 */
export class MaxCouponsPerUser
  extends Schema.TaggedError<MaxCouponsPerUser>()("MaxCouponsPerUser", Endpoint.DomainErrorFields)
{}

/**
 * The coupon was revoked, so it can no longer be redeemed: code 660.
 *
 * @since 0.1.0
 * @category errors
 */
export class CouponRevoked extends Schema.TaggedError<CouponRevoked>()("CouponRevoked", Endpoint.DomainErrorFields) {}

/**
 * A redemption id to reactivate is unknown in the organisation or already reactivated (510), or none was given
 * (661).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRedemption
  extends Schema.TaggedError<InvalidRedemption>()("InvalidRedemption", Endpoint.DomainErrorFields)
{}

/**
 * A bulk redemption failed as a whole because a coupon in it failed: code 749. Nothing of the batch was
 * redeemed; the message names the coupon that failed and its own code.
 *
 * @since 0.1.0
 * @category errors
 */
export class BulkRedeemFailed
  extends Schema.TaggedError<BulkRedeemFailed>()("BulkRedeemFailed", Endpoint.DomainErrorFields)
{}

/**
 * No coupon series with that id in the organisation: code 707.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidSeries extends Schema.TaggedError<InvalidSeries>()("InvalidSeries", Endpoint.DomainErrorFields) {}

/**
 * No customer matches the id or identifier in the organisation: codes 701, 8015.
 *
 * @since 0.1.0
 * @category errors
 */
export class CustomerNotFound
  extends Schema.TaggedError<CustomerNotFound>()("CustomerNotFound", Endpoint.DomainErrorFields)
{}

/**
 * The coupon could not be issued: codes 709 (processing failed, e.g. the customer already has a coupon, or
 * too soon after the last one), 722 (unable to issue, e.g. the series' `maxCreate` is reached).
 *
 * @since 0.1.0
 * @category errors
 */
export class CouponIssueFailed
  extends Schema.TaggedError<CouponIssueFailed>()("CouponIssueFailed", Endpoint.DomainErrorFields)
{}
