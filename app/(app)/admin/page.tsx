import type { Metadata } from "next";
import { CreateAccountForm } from "@/components/admin/create-account-form";
import { CreateStationForm } from "@/components/admin/create-station-form";
import { PageHeader } from "@/components/ui/page-header";
import { Cell, Table } from "@/components/ui/table";
import { AccountActions } from "@/components/admin/account-actions";
import { listAccounts, requirePlace, signInHolds } from "@/lib/auth";
import { db } from "@/lib/db";
import { DEFAULT_DEFECT_CLASSES, listStations } from "@/lib/stations";
import { listStationTokens } from "@/lib/tokens";
import { StationTokens } from "@/components/admin/station-tokens";
import { TimeZoneForm } from "@/components/admin/time-zone-form";
import { ApprovalPolicyForm } from "@/components/admin/approval-policy-form";
import { DefectClassesForm } from "@/components/admin/defect-classes-form";
import { formatInstant, knownTimeZones } from "@/lib/text";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const admin = await requirePlace("/admin");
  const { q } = await searchParams;
  const search = (Array.isArray(q) ? q[0] : q)?.slice(0, 100) ?? "";
  const [accounts, total, stations, holds] = await Promise.all([listAccounts(db(), search), db().user.count(), listStations(db()), signInHolds(db())]);
  const heldBackFrom = (email: string) => holds.filter((hold) => hold.email === email).length;
  const timeZones = knownTimeZones();
  const tokens = await Promise.all(stations.map((station) => listStationTokens(db(), station.id)));
  return (
    <>
      <PageHeader title="Admin">Accounts and stations.</PageHeader>
      <h2 className="mb-3 text-lg font-semibold">Accounts</h2>
      <p className="mb-3 max-w-3xl text-sm text-slate-600">
        Disabling an account or changing its role signs it out everywhere at once; a password reset gives a one-time password, shown once, which the person
        replaces at their first sign-in. Wrong passwords hold back only the address they came from, longer with each one; lift that here when it was the person.
        Every change asks why and goes into the{" "}
        <a className="underline" href="/automation/audit">
          audit trail
        </a>
        .
      </p>
      <form role="search" aria-label="Find accounts" className="mb-3 flex flex-wrap items-center gap-2 text-sm">
        <label htmlFor="account-search">Find</label>
        <input
          id="account-search"
          name="q"
          type="search"
          defaultValue={search}
          placeholder="name or email"
          className="rounded border border-slate-300 px-3 py-1.5"
        />
        <button type="submit" className="rounded border border-slate-300 px-3 py-1.5">
          Find
        </button>
        <span data-testid="account-count" className="text-slate-600">
          {search ? `${accounts.length} of ${total} accounts match "${search}"` : `${total} accounts, by role then email`}
        </span>
      </form>
      <Table caption="Accounts" head={["Name", "Email", "Role", "Status", ""]}>
        {accounts.map((account) => {
          const held = heldBackFrom(account.email);
          return (
            <tr key={account.id}>
              <Cell>{account.name}</Cell>
              <Cell>{account.email}</Cell>
              <Cell>{account.role.toLowerCase()}</Cell>
              <Cell>
                {account.disabledAt ? `disabled since ${formatInstant(account.disabledAt)}` : "active"}
                {held > 0 ? ` · sign-in held back from ${held} address${held === 1 ? "" : "es"}` : ""}
              </Cell>
              <Cell>
                <AccountActions
                  isSelf={account.id === admin.id}
                  account={{
                    id: account.id,
                    name: account.name,
                    email: account.email,
                    role: account.role,
                    disabled: account.disabledAt !== null,
                    heldBackFrom: held,
                  }}
                />
              </Cell>
            </tr>
          );
        })}
      </Table>
      <div className="mt-4">
        <CreateAccountForm />
      </div>
      <h2 className="mb-3 mt-10 text-lg font-semibold">Stations</h2>
      <Table caption="Stations" head={["Name", "Slug", "Time zone", "Defect classes", "Promotions approved by"]}>
        {stations.map((station) => (
          <tr key={station.id}>
            <Cell>{station.name}</Cell>
            <Cell>{station.slug}</Cell>
            <Cell>{station.timeZone}</Cell>
            <Cell>
              {station.defectClasses
                .filter((defect) => !defect.retired)
                .map((defect) => defect.label)
                .join(", ")}
              {station.modelGap ? <span className="block text-amber-800">{station.modelGap}</span> : null}
            </Cell>
            <Cell>{station.singlePersonApproval ? "any manager, the requester too" : "a second manager"}</Cell>
          </tr>
        ))}
      </Table>
      <div className="mt-4">
        <CreateStationForm defaultClasses={DEFAULT_DEFECT_CLASSES.map((defect) => defect.label).join(", ")} timeZones={timeZones} />
      </div>
      <p className="mt-2 text-sm text-slate-600">
        A new station starts with humans only and no model; managers set its model on{" "}
        <a className="underline" href="/automation">
          /automation
        </a>
        . Programs use <code>POST /api/stations</code>; the whole API is described at{" "}
        <a className="underline" href="/api/openapi.json">
          /api/openapi.json
        </a>
        .
      </p>
      <h2 className="mb-1 mt-10 text-lg font-semibold">Defect classes</h2>
      <p className="mb-3 max-w-3xl text-sm text-slate-600">
        Renaming changes only the words people read: the key, the verdicts and the evidence stay. Adding, retiring or restoring a class changes what a verdict
        can say, so the station&apos;s evidence for its gates starts afresh; a retired class keeps its verdicts but new ones cannot use it. A model runs at a
        station only when it knows every class in use, and a class the active model does not know cannot be added while it decides units alone.
      </p>
      <div className="grid gap-3 lg:grid-cols-2">
        {stations.map((station) => (
          <DefectClassesForm key={station.id} slug={station.slug} stationName={station.name} classes={station.defectClasses} />
        ))}
      </div>
      <h2 className="mb-1 mt-10 text-lg font-semibold">Time zones</h2>
      <p className="mb-3 text-sm text-slate-600">
        Each station&apos;s moments (the inspector&apos;s last verdict, its audit trail, review cards, drift windows) are written in its people&apos;s time
        zone, with the zone&apos;s name. Evidence is still counted by UTC day, and the charts say so.
      </p>
      <div className="grid gap-3 lg:grid-cols-2">
        {stations.map((station) => (
          <TimeZoneForm key={station.id} slug={station.slug} stationName={station.name} timeZone={station.timeZone} timeZones={timeZones} />
        ))}
      </div>
      <h2 className="mb-1 mt-10 text-lg font-semibold">Who approves promotions</h2>
      <p className="mb-3 text-sm text-slate-600">
        A promotion needs a manager other than the one who asked for it. Where a station has one manager only, allow single-person approval here; the change and
        every such approval are in the audit trail.
      </p>
      <div className="grid gap-3 lg:grid-cols-2">
        {stations.map((station) => (
          <ApprovalPolicyForm key={station.id} slug={station.slug} stationName={station.name} singlePersonApproval={station.singlePersonApproval} />
        ))}
      </div>
      <h2 className="mb-1 mt-10 text-lg font-semibold">Camera tokens</h2>
      <p className="mb-3 text-sm text-slate-600">
        A camera posts photos to <code>POST /api/captures</code> with its station&apos;s token (<code>Authorization: Bearer ust_...</code>). Each token works
        for one station only and is stored as a hash.
      </p>
      <div className="grid gap-3 lg:grid-cols-2">
        {stations.map((station, i) => (
          <StationTokens
            key={station.id}
            slug={station.slug}
            stationName={station.name}
            tokens={(tokens[i] ?? []).map((t) => ({
              id: t.id,
              name: t.name,
              createdAt: t.createdAt.toISOString(),
              lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
              revokedAt: t.revokedAt?.toISOString() ?? null,
            }))}
          />
        ))}
      </div>
    </>
  );
}
