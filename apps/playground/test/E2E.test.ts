/**
 * End to end: the playground server in-process on a free port (the emulator in it, demo seed), the web app built
 * by Vite, driven in Debian's headless Chromium through playwright-core. Each test leaves a screenshot of its screen
 * in docs/screenshots/, which the README shows.
 *
 * Chromium is /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it). Without it these tests are
 * skipped, saying so, except under CI, where they fail.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, ManagedRuntime } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { type Browser, chromium, type Page } from "playwright-core"
import * as Frontend from "../server/Frontend.ts"
import * as Playground from "../server/Playground.ts"

const executablePath = "/usr/bin/chromium"
const hasChromium = fs.existsSync(executablePath)
const underCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"
const screenshots = path.join(Frontend.appDir, "docs", "screenshots")

/** Every wait of these tests is bounded by this, or less. */
const timeout = 15_000

if (!hasChromium && !underCi) {
  console.warn(`playground end-to-end tests SKIPPED: ${executablePath} is absent (apt-get install chromium)`)
}

describe.runIf(!hasChromium && underCi)("playground in Chromium, under CI", () => {
  it("needs Debian's chromium", () => {
    assert.fail(`${executablePath} is missing: .ci/run installs it (DEBIAN_PACKAGES=(chromium))`)
  })
})

describe.skipIf(!hasChromium)(
  `playground in Chromium${hasChromium ? "" : ` (skipped: ${executablePath} is absent; apt-get install chromium)`}`,
  () => {
    let runtime: ManagedRuntime.ManagedRuntime<Playground.Playground, unknown> | undefined
    let browser: Browser | undefined
    let page: Page
    let url: string

    beforeAll(async () => {
      await Effect.runPromise(Frontend.ensureBuilt)
      runtime = ManagedRuntime.make(Playground.layer({ port: 0 }))
      url = (await runtime.runPromise(Effect.service(Playground.Playground))).url
      browser = await chromium.launch({
        executablePath,
        headless: true,
        timeout,
        // playwright-core starts Chromium with a fresh, empty profile (its own --user-data-dir) every launch.
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-quic"
        ]
      })
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      page.setDefaultTimeout(timeout)
      page.setDefaultNavigationTimeout(timeout)
      fs.mkdirSync(screenshots, { recursive: true })
    })

    afterAll(async () => {
      await browser?.close()
      await runtime?.dispose()
    })

    const shoot = async (name: string) => {
      const file = path.join(screenshots, `${name}.png`)
      await page.screenshot({ path: file, fullPage: true, timeout })
      assert.isAbove(fs.statSync(file).size, 10_000)
    }

    it("catalog: runs an operation and shows the decoded result and the raw exchange", async () => {
      await page.goto(`${url}/#catalog/customers.lookup`)
      await page.getByTestId("operation-title").filter({ hasText: "/v2/customers/lookup" }).waitFor({ timeout })

      // the list is grouped by package and section, and searchable
      await page.getByTestId("operation-search").fill("coupon")
      await page.getByTestId("operation-rewards.issueCoupon").waitFor({ timeout })
      assert.strictEqual(await page.getByTestId("operation-customers.lookup").count(), 0)
      await page.getByTestId("operation-search").fill("")
      await page.getByTestId("operation-customers.lookup").waitFor({ timeout })

      // the form is prefilled from the demo seed: Tom's mobile
      assert.strictEqual(await page.locator("[name='query.identifierValue']").inputValue(), "919000000001")
      await page.getByTestId("run-operation").click()
      const result = page.locator("[data-testid=result][data-outcome=ok]")
      await result.waitFor({ timeout })
      assert.include(await result.textContent(), "100001")

      const exchange = page.getByTestId("exchange").first()
      assert.strictEqual(await exchange.getByTestId("exchange-status").textContent(), "200")
      const text = (await exchange.textContent()) ?? ""
      assert.include(text, "/v2/customers/lookup?source=INSTORE&identifierName=mobile&identifierValue=%3Credacted%3E")
      assert.match(text, /authorization\s*<redacted>/)
      assert.notInclude(text, "919000000001")
      await shoot("catalog-result")
    })

    it("catalog: an invalid form shows the schema's message at the field, and nothing is sent", async () => {
      await page.goto(`${url}/#catalog/customers.add`)
      await page.getByTestId("operation-title").filter({ hasText: "/v2/customers" }).waitFor({ timeout })
      const mobile = page.locator("[name='body.profiles.0.identifiers.0.value']")
      await mobile.fill("12345")
      await page.getByTestId("run-operation").click()
      await page.locator("[data-testid=result][data-outcome=invalid]").waitFor({ timeout })
      const message = page.locator("[data-testid=field-error][data-field='body.profiles.0.identifiers.0.value']")
      await message.waitFor({ timeout })
      assert.strictEqual(
        await message.textContent(),
        "a mobile number is 8 to 15 digits, country code included, and nothing else"
      )
      assert.strictEqual(await mobile.getAttribute("aria-invalid"), "true")
      assert.include(await page.getByTestId("exchanges").textContent(), "Nothing was sent.")
      await shoot("catalog-validation")
    })

    it("workflows: runs IssueRedeemTransfer to success and shows its timeline live", async () => {
      await page.goto(`${url}/#workflows`)
      await page.getByTestId("workflow-title").filter({ hasText: "IssueRedeemTransfer" }).waitFor({ timeout })
      // prefilled from the demo seed: Tom, WELCOME10, the demo family, a fresh bill number
      assert.strictEqual(await page.locator("[name='payload.customerId']").inputValue(), "100001")
      assert.strictEqual(await page.locator("[name='payload.seriesId']").inputValue(), "5001")
      assert.strictEqual(await page.locator("[name='payload.groupExternalId']").inputValue(), "demo-family")
      assert.match(await page.locator("[name='payload.billNumber']").inputValue(), /^B-/)

      await page.getByTestId("run-workflow").click()
      await page.getByTestId("run-status").filter({ hasText: "succeeded" }).waitFor({ timeout })
      const tags = await page.getByTestId("timeline-event").evaluateAll((items) =>
        items.map((item) => item.getAttribute("data-tag"))
      )
      assert.deepStrictEqual(tags, [
        "FlowStarted",
        "StepStarted",
        "StepSucceeded",
        "StepStarted",
        "StepSucceeded",
        "StepStarted",
        "StepSucceeded",
        "StepStarted",
        "StepSucceeded",
        "FlowCompleted"
      ])
      for (const step of ["LoadCustomer", "IssueCoupon", "RedeemCoupon", "TransferPoints"]) {
        assert.include(await page.getByTestId(`step-${step}`).textContent(), "succeeded")
      }
      await page.getByTestId("run-result").filter({ hasText: "couponCode" }).waitFor({ timeout })
      await shoot("workflow-success")
    })

    it("workflows: a fault on the transfer step is retried, then what was done is compensated", async () => {
      // Tom holds his one WELCOME10 coupon now: back to the demo seed first.
      await page.getByTestId("reset-emulator").click()
      await page.getByTestId("notice").filter({ hasText: "reset" }).waitFor({ timeout })

      await page.getByTestId("fault-TransferPoints").check()
      assert.strictEqual(await page.getByTestId("fault-kind-TransferPoints").inputValue(), "serverError")
      await page.getByTestId("run-workflow").click()
      await page.getByTestId("run-status").filter({ hasText: "failed" }).waitFor({ timeout })

      const events = await page.getByTestId("timeline-event").evaluateAll((items) =>
        items.map((item) => `${item.getAttribute("data-tag")}: ${item.querySelector(".title")?.textContent ?? ""}`)
      )
      assert.isTrue(events.some((event) => event.startsWith("StepRetried: TransferPoints")), events.join("\n"))
      assert.deepStrictEqual(events.slice(-8), [
        "StepFailed: TransferPoints failed with CapillaryError",
        "Compensating: compensating TransferPoints: TransferBack",
        "Compensated: TransferPoints: TransferBack found nothing to undo",
        "Compensating: compensating RedeemCoupon: ReactivateRedemption",
        "Compensated: RedeemCoupon: ReactivateRedemption undone",
        "Compensating: compensating IssueCoupon: RevokeCoupon",
        "Compensated: IssueCoupon: RevokeCoupon undone",
        "FlowCompleted: IssueRedeemTransfer failed with CapillaryError"
      ])
      assert.include(await page.getByTestId("step-TransferPoints").textContent(), "failed")
      assert.include(await page.getByTestId("step-RedeemCoupon").textContent(), "compensated")
      assert.include(await page.getByTestId("step-IssueCoupon").textContent(), "compensated")
      assert.include(await page.getByTestId("run-error").textContent(), "CapillaryError")
      await shoot("workflow-compensation")
    })
  }
)
