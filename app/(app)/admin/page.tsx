import type { Metadata } from "next";
import { CreateAccountForm } from "@/components/admin/create-account-form";
import { PageHeader } from "@/components/ui/page-header";
import { Cell, Table } from "@/components/ui/table";
import { listAccounts } from "@/lib/auth";
import { requirePlace } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listStations } from "@/lib/stations";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  await requirePlace("/admin");
  const [accounts, stations] = await Promise.all([listAccounts(db()), listStations(db())]);
  return (
    <>
      <PageHeader title="Admin">Accounts and stations.</PageHeader>
      <h2 className="mb-3 text-lg font-semibold">Accounts</h2>
      <Table caption="Accounts" head={["Name", "Email", "Role"]}>
        {accounts.map((account) => (
          <tr key={account.id}>
            <Cell>{account.name}</Cell>
            <Cell>{account.email}</Cell>
            <Cell>{account.role.toLowerCase()}</Cell>
          </tr>
        ))}
      </Table>
      <div className="mt-4">
        <CreateAccountForm />
      </div>
      <h2 className="mb-3 mt-10 text-lg font-semibold">Stations</h2>
      <Table caption="Stations" head={["Name", "Slug", "Defect classes"]}>
        {stations.map((station) => (
          <tr key={station.id}>
            <Cell>{station.name}</Cell>
            <Cell>{station.slug}</Cell>
            <Cell>{station.defectClasses.map((defect) => defect.label).join(", ")}</Cell>
          </tr>
        ))}
      </Table>
      <p className="mt-2 text-sm text-slate-600">
        New stations are created with <code>POST /api/stations</code> (slug, name, defect classes).
      </p>
    </>
  );
}
