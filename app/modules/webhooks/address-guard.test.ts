import { afterEach, describe, expect, it } from "vitest";
import { isBlockedAddress, webhookUrlProblem } from "./address-guard.server";

describe("isBlockedAddress", () => {
  it.each(["127.0.0.1", "127.5.5.5", "10.0.0.1", "172.16.3.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "[::1]", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "64:ff9b::a9fe:a9fe", "::7f00:1", "::ffff:0:7f00:1", "64:ff9b:1::7f00:1", "2002:7f00:1::", "2001:0:4136:e378::1", "2001:db8::1", "not an address"])(
    "refuses %s",
    (address) => expect(isBlockedAddress(address)).toBe(true),
  );
  it.each(["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "172.32.0.1"])("allows %s", (address) => expect(isBlockedAddress(address)).toBe(false));
});

describe("webhookUrlProblem", () => {
  afterEach(() => delete process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES);

  it.each(["http://127.0.0.1:9/hook", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data", "http://[::1]:8080/", "http://localhost:3000/", "http://0x7f000001/", "http://[::127.0.0.1]/", "http://[2002:7f00:1::]/"])(
    "refuses %s",
    async (url) => expect(await webhookUrlProblem(url)).toMatch(/private, loopback or link-local/),
  );
  it("refuses other schemes, credentials and nonsense", async () => {
    expect(await webhookUrlProblem("ftp://example.com/")).toMatch(/https:\/\//);
    expect(await webhookUrlProblem("file:///etc/passwd")).toMatch(/https:\/\//);
    expect(await webhookUrlProblem("https://user:pw@example.com/")).toMatch(/user name and password/);
    expect(await webhookUrlProblem("hooks")).toMatch(/full address/);
  });
  it("allows private addresses when the operator says so", async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = "true";
    expect(await webhookUrlProblem("http://127.0.0.1:9/hook")).toBeNull();
  });
  it("allows a public address", async () => {
    expect(await webhookUrlProblem("https://93.184.216.34/hook")).toBeNull();
  });
});
