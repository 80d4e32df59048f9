/**
 * Capillary's API index, for the sections the customers and user groups packages cover: every row has its
 * endpoint declaration, with the row's method and path (or, where the index misprints them, Capillary's own
 * documentation page, named in `docs`), and the emulator models every one of them. Declarations beyond the
 * index (pages of Capillary's documentation the index does not list) are named too, so none goes unnoticed.
 *
 * The rows are transcribed from the index (`Title`, method, path) in its order.
 */
import { Endpoint } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Emulator } from "../src/index.ts"

interface Row {
  readonly section: string
  readonly title: string
  readonly method: Endpoint.Method
  readonly path: string
  readonly id: string
  /** Why the declaration differs from the index row: what Capillary's own page documents. */
  readonly docs?: string
}

const row = (section: string, title: string, method: Endpoint.Method, path: string, id: string, docs?: string): Row =>
  docs === undefined ? { section, title, method, path, id } : { section, title, method, path, id, docs }

const C = "Customer"
const L = "Customer (Lookup)"
const G = "User group"

const rows: ReadonlyArray<Row> = [
  row("Card", "Develop Cards", "POST", "v2/card/generate", "customers.generateCards"),
  row(
    "Card",
    "Get Card Generation Log",
    "GET",
    "v2/card/card/generation/logs",
    "customers.cardGenerationLogs",
    "the card page documents GET v2/card/generation/logs/{seriesId}"
  ),
  row("Card", "Add Card (Single)", "POST", "v2/card", "customers.addCard"),
  row("Card", "Update Card Details (Single)", "PUT", "v2/card", "customers.updateCard"),
  row("Card", "Update Card Details (Bulk)", "PUT", "v2/card/bulk", "customers.updateCards"),
  row("Card", "Get Card Details", "GET", "v2/card", "customers.getCard"),
  row("Card", "Get Status Log", "GET", "v2/card/statusLog", "customers.cardStatusLog"),
  row("Card", "Limit Active Cards per Customer", "POST", "v2/organization/configs", "customers.setMaxActiveCards"),
  row(C, "Add Customer", "POST", "v2/customers", "customers.add"),
  row(C, "Get Customer ID", "GET", "v2/customers/lookup", "customers.lookup"),
  row(
    C,
    "Update Identifier/Issue Card",
    "PUT",
    "v2/{userId}/changeIdentifier",
    "customers.changeIdentifier",
    "the customer page documents POST v2/customers/{customerId}/changeIdentifier, as for Link/Delink Card"
  ),
  row(C, "Upsert Customer", "POST", "v2/integrations/customer/upsert/bulk", "customers.upsertBulk"),
  row(C, "Associate Customer", "POST", "v2/bulk", "customers.associate"),
  row(C, "Get Customer Details", "GET", "v2/customers/{customerId}", "customers.get"),
  row(C, "Get customer hierarchy in a user group", "GET", "v2/customers/bulk", "customers.children"),
  row(C, "Update Customer Details", "PUT", "v2/customers/{userId}", "customers.update"),
  row(C, "Update association details", "PUT", "v2/bulk", "customers.updateAssociation"),
  row(C, "Search Customers", "GET", "v2/customers/search", "customers.search"),
  row(C, "Update Subscription Details", "PUT", "v2/customers/{userId}/subscriptions", "customers.updateSubscriptions"),
  row(C, "Get Subscription Details", "GET", "v2/customers/{customerId}/subscriptions", "customers.getSubscriptions"),
  row(
    C,
    "Get Points Expiry Schedule",
    "GET",
    "v2/customers/{userId}/pointsExpirySchedule",
    "customers.pointsExpirySchedule"
  ),
  row(
    C,
    "Get Points Expiry Schedule (Light API)",
    "GET",
    "v2/customers/lookup/pointsExpirySchedule",
    "customers.pointsExpiryScheduleByIdentifier"
  ),
  row(C, "Get Loyalty Events", "GET", "v2/customers/{userId}/loyaltyEvents", "customers.loyaltyEvents"),
  row(C, "Get Loyalty Details", "GET", "v2/customers/{customerId}/loyaltyDetails", "customers.loyaltyDetails"),
  row(C, "Get Points Transfer Summary", "GET", "v2/customers/{userId}/pointsTransfers", "customers.pointsTransfers"),
  row(C, "Get Points Balance", "GET", "v2/customers/{userId}/points/balance", "rewards.pointsBalance"),
  row(C, "Get Customer Tier", "GET", "v2/customers/{userId}/tierDetails", "customers.tierDetails"),
  row(
    C,
    "Get Points Conversion Schedule",
    "GET",
    "v2/customers/{userId}/promisedPointsSchedule",
    "customers.promisedPointsSchedule"
  ),
  row(C, "Get Customer Coupons", "GET", "v2/customers/{customerId}/coupons", "rewards.customerCouponsById"),
  row(C, "Get Retro Requests", "GET", "v2/customers/{customerId}/retroRequest", "customers.retroRequests"),
  row(
    C,
    "Get Identifier Change Requests",
    "GET",
    "v2/customers/{customerId}/changeRequest",
    "customers.changeRequests"
  ),
  row(C, "Get Goodwill Requests", "GET", "v2/customers/{customerId}/goodwillRequest", "customers.goodwillRequests"),
  row(
    C,
    "Request Goodwill points (Group)",
    "GET",
    "v2/requests/",
    "customers.addRequest",
    "the goodwill page documents the request as POST v2/requests with a group goodwill body"
  ),
  row(C, "Add Customer Image", "POST", "v2/customers/{customerId}/setImage", "customers.setImages"),
  row(C, "Delete Customer Image", "DELETE", "v2/customers/{userId}/deleteImage", "customers.deleteImages"),
  row(C, "Get Customer Coupons (Basic)", "GET", "v2/customers/coupons", "rewards.customerCoupons"),
  row(C, "Link/Delink Card", "POST", "v2/customers/{userId}/changeIdentifier", "customers.changeIdentifier"),
  row(C, "Add Referrals", "POST", "v2/customers/{userId}/referrals", "customers.addReferrals"),
  row(C, "Get Referrals", "GET", "v2/customers/{userId}/referrals", "customers.getReferrals"),
  row(C, "Get Customer Status Log", "GET", "v2/customers/{userId}/statusLog", "customers.statusLog"),
  row(
    C,
    "Get Customer Subscription Log",
    "GET",
    "v2/customers/{userId}/subscriptionStatusChangeLog",
    "customers.getSubscriptionLog"
  ),
  row(
    C,
    "Get user group customer tracker details",
    "GET",
    "v2/customers/userEntityTrackers",
    "customers.userEntityTrackers"
  ),
  row(C, "Get customer transactions", "GET", "v2/customers/{id}/transactions", "customers.transactions"),
  row(C, "Add Customer", "POST", "v1.1/customer/add", "customers.addV11"),
  row(C, "Update Customer details", "POST", "v1.1/customer/update", "customers.updateV11"),
  row(C, "Update Customer Identifier", "POST", "v1.1/customer/update_identity", "customers.updateIdentityV11"),
  row(C, "Get Customer Details", "GET", "v1.1/customer/get", "customers.getV11"),
  row(C, "Get Customer Transactions", "GET", "v1.1/customer/transactions", "customers.transactionsV11"),
  row(C, "Get Customer Redemptions", "GET", "v1.1/customer/redemptions", "customers.redemptionsV11"),
  row(C, "Get Customer Coupons", "GET", "v1.1/customer/coupons", "customers.couponsV11"),
  row(C, "Add/Update Customer Notes", "POST", "v1.1/customer/notes", "customers.addNotesV11"),
  row(C, "Get Customer Notes", "GET", "v1.1/customer/notes", "customers.getNotesV11"),
  row(C, "Get Product Recommendations", "GET", "v1.1/customer/recommendations", "customers.recommendationsV11"),
  row(C, "Get Customer Interactions", "GET", "v1.1/customer/interaction", "customers.interactionsV11"),
  row(C, "Add Ticket", "POST", "v1.1/customer/tickets", "customers.addTicketV11"),
  row(C, "Get Ticket Details", "GET", "v1.1/customer/tickets", "customers.getTicketsV11"),
  row(C, "Refer Customer", "POST", "v1.1/customer/referrals", "customers.referV11"),
  row(C, "Get Referral Details", "GET", "v1.1/customer/referrals", "customers.getReferralsV11"),
  row(C, "Add/Update Customer Preferences", "POST", "v1.1/customer/preferences", "customers.updatePreferencesV11"),
  row(C, "Get Customer Preferences", "GET", "v1.1/customer/preferences", "customers.getPreferencesV11"),
  row(C, "Update Subscription Details", "POST", "v1.1/customer/subscriptions", "customers.updateSubscriptionsV11"),
  row(C, "Get Subscription Details", "GET", "v1.1/customer/subscriptions", "customers.getSubscriptionsV11"),
  row(L, "Get promotion data", "GET", "v2/customers/lookup/promotionData", "customers.promotionData"),
  row(L, "Update Customer Details", "PUT", "v2/customers/lookup", "customers.updateByIdentifier"),
  row(L, "Get Customer Details", "GET", "v2/customers/lookup/customerDetails", "customers.getByIdentifier"),
  row(L, "Update Customer Status", "PUT", "v2/customers/lookup/status", "customers.updateStatus"),
  row(
    L,
    "Get Subscription Details",
    "GET",
    "v2/customers/lookup/subscriptions",
    "customers.getSubscriptionsByIdentifier"
  ),
  row(
    L,
    "Get Customer Loyalty Details",
    "GET",
    "v2/customers/lookup/loyaltyDetails",
    "customers.loyaltyDetailsByIdentifier"
  ),
  row(L, "Get Retro Requests", "GET", "v2/customers/lookup/retroRequest", "customers.retroRequestsByIdentifier"),
  row(L, "Add Customer Image", "POST", "v2/customers/lookup/setImage", "customers.setImagesByIdentifier"),
  row(L, "Get Referrals", "GET", "v2/customers/lookup/referrals", "customers.getReferralsByIdentifier"),
  row(L, "Get Customer Recommendations", "GET", "v2/customers/lookup/recommendations", "customers.recommendations"),
  row(L, "Get Points Balance", "GET", "v2/customers/lookup/points/balance", "customers.pointsBalanceByIdentifier"),
  row(L, "Get Customer Tier", "GET", "v2/customers/lookup/tierDetails", "customers.tierDetailsByIdentifier"),
  row(
    L,
    "Get Points Conversion Schedule",
    "GET",
    "v2/customers/lookup/promisedPointsSchedule",
    "customers.promisedPointsScheduleByIdentifier"
  ),
  row(
    "Customer labels",
    "Add Labels",
    "POST",
    "v2/organization/label",
    "customers.addOrgLabels",
    "the labels page documents POST v2/organization/labels"
  ),
  row("Customer labels", "Get Org Labels", "GET", "v2/organization/labels", "customers.getOrgLabels"),
  row(
    "Customer labels",
    "Tag Customers (to Labels)",
    "POST",
    "v2/customers/{userId}/changeLabels",
    "customers.changeLabels"
  ),
  row("Customer labels", "Get Customer Labels", "GET", "v2/customers/{userId}/labels", "customers.getLabels"),
  row("Customer labels", "Search Customers by Label", "GET", "v2/customers/labels/search", "customers.searchByLabel"),
  row("OTP", "Generate OTP", "POST", "v2/otp/generate", "customers.generateOtp"),
  row("OTP", "Validate OTP", "POST", "v2/otp/validate", "customers.validateOtp"),
  row("OTP", "Get OTP", "GET", "v2/otp", "customers.getOtp"),
  row(
    "Partner program",
    "Link Customer to Partner Program",
    "POST",
    "v2/partnerProgram/linkCustomer",
    "customers.linkPartnerProgram"
  ),
  row(
    "Partner program",
    "Update Customer",
    "POST",
    "v2/partnerProgram/customerPartnerProgramUpdate",
    "customers.updatePartnerProgram"
  ),
  row(
    "Partner program",
    "Delink Customer",
    "POST",
    "v2/partnerProgram/deLinkCustomer",
    "customers.delinkPartnerProgram"
  ),
  row(
    "Partner program",
    "Get Customer Activity",
    "GET",
    "v2/partnerProgram/customerActivityHistory",
    "customers.partnerActivityHistory"
  ),
  row("PII deletion", "Add a PII deletion request", "POST", "v2/requests", "customers.addRequest"),
  row("PII deletion", "Update PII deletion status", "PUT", "v2/requests", "customers.updateRequests"),
  row("PII deletion", "Retrieve request status of PII deletion", "GET", "v2/requests/{id}", "customers.getRequest"),
  row("PII deletion", "Retrieve PII deletion request details", "GET", "v2/requests", "customers.listRequests"),
  row(
    "Points",
    "Group Points Transferrable",
    "POST",
    "v2/points/userGroup2/isTransferrable",
    "usergroups.isTransferrable"
  ),
  row(
    "Points",
    "Transfer Group Points",
    "POST",
    "v2/points//transferPoints",
    "usergroups.transferPoints",
    "the group loyalty page documents POST v2/points/userGroup2/transfer"
  ),
  row(
    "Referral",
    "Validate referral code",
    "GET",
    "v2/validate",
    "customers.validateReferralCode",
    "the referral page documents v2/referral/validate?code="
  ),
  row("User authentication", "Register User", "POST", "v2/user_auth/register", "customers.registerUser"),
  row("User authentication", "Authorize User", "POST", "v2/user_auth/authorize_user", "customers.authorizeUser"),
  row("User authentication", "Update Password", "POST", "v2/user_auth/update", "customers.updatePassword"),
  row(G, "Add Group", "POST", "v2/userGroup2", "usergroups.create"),
  row(G, "Update User Group", "PUT", "v2/userGroup2", "usergroups.update"),
  row(G, "Search user groups by name, ID, and mobile number", "GET", "v2/userGroup2/search", "usergroups.search"),
  row(G, "Delete User Group", "DELETE", "v2/userGroup2", "usergroups.delete"),
  row(G, "Join Member to Group", "POST", "v2/userGroup2/join", "usergroups.join"),
  row(G, "Remove group member", "DELETE", "v2/userGroup2/{groupId}/leave", "usergroups.leave"),
  row(
    G,
    "Transfer Group Member",
    "POST",
    "v2/userGroup2/transferPoints",
    "usergroups.transferMembers",
    "the user group page documents POST v2/userGroup2/transfer (the index's access group ran into the path)"
  ),
  row(G, "Get group transactions", "GET", "v2/userGroup2/transactions", "usergroups.transactions"),
  row(G, "Retrieve user group members list", "GET", "v2/userGroup2", "usergroups.get"),
  row(
    G,
    "Retrieve user group members list with cards & status details",
    "GET",
    "v2/userGroup2/members",
    "usergroups.members"
  ),
  row(
    G,
    "Retrieve Primary & Secondary Member Details",
    "GET",
    "v2/userGroup2",
    "usergroups.members",
    "its page documents GET v2/userGroup2/members, the members read with cards and status"
  ),
  row(G, "Retrieve group slab/tier log history", "GET", "v2/userGroup2/slabHistory", "usergroups.slabHistory"),
  row(G, "Retrieve group ledger information", "GET", "v2/pointsLedger/getCustomerLedgerInfo", "usergroups.groupLedger"),
  row(
    G,
    "Retrieve points expiry schedule of a group",
    "GET",
    "v2/userGroup2/pointsExpirySchedule",
    "usergroups.pointsExpirySchedule"
  ),
  row(
    G,
    "Retrieve points conversion schedule",
    "GET",
    "v2/userGroup2/promisedPointsSchedule",
    "usergroups.promisedPointsSchedule"
  )
]

/** Declarations of these sections that the index has no row for, each a page of Capillary's documentation. */
const beyondIndex: Readonly<Record<string, string>> = {
  "customers.createCardSeries": "card page: Create Card Series",
  "customers.updateCardSeries": "card page: Update Card Series, Deactivate Card Series",
  "customers.getCardSeries": "card page: Get Card Series Details",
  "customers.allCardSeries": "card page: Get All Card Series Details",
  "customers.addCardStatusLabels": "card page: Set Status Labels",
  "customers.cardStatusLabels": "card page: Get Default Status Labels",
  "customers.maxActiveCards": "card page: Get Max Active Cards Configured per Customer",
  "usergroups.groupBalance": "points balance page: entityType=FLEET",
  "usergroups.groupBalanceLookup": "points balance page (light API): entityType=FLEET",
  "usergroups.groupTiers": "tier page: entityType=FLEET",
  "usergroups.groupTiersLookup": "tier page (light API): entityType=FLEET"
}

const sections = new Set([
  "Card",
  C,
  L,
  "Customer labels",
  "OTP",
  "Partner program",
  "PII deletion",
  "Referral",
  "User authentication",
  G
])

const normalize = (path: string) => path.replace(/^\//, "").replace(/\{[^}]*\}/g, "{}")

const endpoints = new Map(Emulator.defaultCatalog.endpoints.map((endpoint) => [endpoint.id, endpoint]))
const modelled = new Set(Emulator.defaultCatalog.behaviours.map((behaviour) => behaviour.endpoint.id))

describe("Capillary's API index", () => {
  it("every row has a declaration with its method and path, or a documented reason it differs", () => {
    for (const entry of rows) {
      const endpoint = endpoints.get(entry.id)
      assert.isDefined(endpoint, `${entry.section} / ${entry.title}: no declaration ${entry.id}`)
      if (entry.docs === undefined) {
        assert.strictEqual(endpoint!.method, entry.method, `${entry.section} / ${entry.title}`)
        assert.strictEqual(normalize(endpoint!.path), normalize(entry.path), `${entry.section} / ${entry.title}`)
      } else {
        assert.isNotEmpty(entry.docs)
      }
    }
  })

  it("the emulator models every endpoint of these sections", () => {
    const declared = [...endpoints.values()].filter((endpoint) => sections.has(endpoint.section))
    assert.deepStrictEqual(declared.filter((endpoint) => !modelled.has(endpoint.id)).map((endpoint) => endpoint.id), [])
    for (const entry of rows) assert.isTrue(modelled.has(entry.id), `${entry.id} is not modelled`)
  })

  it("every declaration of these sections is an index row or a documented page beyond it", () => {
    const covered = new Set(rows.map((entry) => entry.id))
    const unexplained = [...endpoints.values()]
      .filter((endpoint) =>
        sections.has(endpoint.section) && !covered.has(endpoint.id) && !(endpoint.id in beyondIndex)
      )
      .map((endpoint) => endpoint.id)
    assert.deepStrictEqual(unexplained, [])
  })
})
