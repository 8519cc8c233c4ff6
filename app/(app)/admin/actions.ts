"use server";

import { revalidatePath } from "next/cache";
import { createAccount, newAccountSchema, requirePlace } from "@/lib/auth";
import { setApprovalPolicy } from "@/lib/automation";
import { db, isUniqueViolation } from "@/lib/db";
import {
  changeDefectClass,
  createStation,
  defectClassesFromLabels,
  newStationSchema,
  setStationTimeZone,
  taxonomyChangeSchema,
  timeZoneSchema,
} from "@/lib/stations";

/** What an admin form shows after its action: a confirmation or what to fix. */
export interface AdminActionState {
  message: string | null;
  isError: boolean;
  /** What was typed, given back with an error so the form keeps it (React empties a form after its action). */
  values?: Record<string, string>;
}

const typedValues = (form: FormData, names: string[]) => Object.fromEntries(names.map((name) => [name, String(form.get(name) ?? "")]));

const firstIssue = (error: { issues: { path: PropertyKey[]; message: string }[] }) => {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join(".")}: ${issue.message}` : "Check the fields.";
};

export async function createAccountAction(_previous: AdminActionState, form: FormData): Promise<AdminActionState> {
  const admin = await requirePlace("/admin");
  const parsed = newAccountSchema.safeParse({
    email: form.get("email"),
    name: form.get("name"),
    role: form.get("role"),
    password: form.get("password"),
  });
  const values = typedValues(form, ["email", "name"]);
  if (!parsed.success) return { message: firstIssue(parsed.error), isError: true, values };
  try {
    const input = parsed.data;
    await db().$transaction((tx) => createAccount(tx, input, { kind: "USER", id: admin.id }));
  } catch (error) {
    if (isUniqueViolation(error)) return { message: `An account for ${parsed.data.email} exists already.`, isError: true, values };
    throw error;
  }
  revalidatePath("/admin");
  return { message: `Account created for ${parsed.data.email}.`, isError: false };
}

/** A station with its defect classes (the defaults when none are typed); it starts with humans only and no model. */
export async function createStationAction(_previous: AdminActionState, form: FormData): Promise<AdminActionState> {
  const admin = await requirePlace("/admin");
  const values = typedValues(form, ["name", "slug", "defectClasses", "timeZone"]);
  const typed = values.defectClasses ?? "";
  const defectClasses = typed.trim() ? defectClassesFromLabels(typed) : undefined;
  const parsed = newStationSchema.safeParse({
    slug: form.get("slug"),
    name: form.get("name"),
    ...(defectClasses ? { defectClasses } : {}),
    ...(values.timeZone ? { timeZone: values.timeZone } : {}),
  });
  if (!parsed.success) {
    // Name the class a person typed, not its place in the parsed list.
    const [issue] = parsed.error.issues;
    const typedClass = issue?.path[0] === "defectClasses" && typeof issue.path[1] === "number" ? defectClasses?.[issue.path[1]] : undefined;
    return { message: typedClass && issue ? `Defect class "${typedClass.label}": ${issue.message}` : firstIssue(parsed.error), isError: true, values };
  }
  try {
    const input = parsed.data;
    await db().$transaction((tx) => createStation(tx, input, { kind: "USER", id: admin.id }));
  } catch (error) {
    if (isUniqueViolation(error)) return { message: `A station with slug ${parsed.data.slug} exists already.`, isError: true, values };
    throw error;
  }
  revalidatePath("/admin");
  return { message: `Station ${parsed.data.name} created at humans only; inspectors find it at /inspect/${parsed.data.slug}.`, isError: false };
}

/** Moves a station to another time zone: its moments are shown in it from now on (audited). */
export async function setTimeZoneAction(_previous: AdminActionState, form: FormData): Promise<AdminActionState> {
  const admin = await requirePlace("/admin");
  const values = typedValues(form, ["station", "timeZone", "reason"]);
  const reason = (values.reason ?? "").trim();
  if (reason.length < 3 || reason.length > 1000) return { message: "Say why in 3 to 1000 characters; it goes into the audit trail.", isError: true, values };
  const zone = timeZoneSchema.safeParse(values.timeZone);
  if (!zone.success) return { message: zone.error.issues[0]?.message ?? "Pick a time zone.", isError: true, values };
  const result = await setStationTimeZone(db(), values.station ?? "", admin, zone.data, reason);
  if (!result.ok) return { message: result.detail, isError: true, values };
  revalidatePath("/admin");
  return { message: `Moments at this station are now shown in ${result.timeZone}.`, isError: false };
}

/** Allows or forbids one manager to both ask for and approve a promotion at a station (audited). */
export async function setApprovalPolicyAction(_previous: AdminActionState, form: FormData): Promise<AdminActionState> {
  const user = await requirePlace("/admin");
  const slug = String(form.get("station") ?? "");
  const allow = form.get("singlePersonApproval") === "on";
  const reason = String(form.get("reason") ?? "").trim();
  if (reason.length < 3 || reason.length > 1000) return { message: "Say why in 3 to 1000 characters; it goes into the audit trail.", isError: true };
  const result = await setApprovalPolicy(db(), slug, user, allow, reason);
  if (!result.ok) return { message: result.detail, isError: true };
  revalidatePath("/admin");
  return {
    message: result.singlePersonApproval
      ? "One manager may now ask for and approve a promotion here; each such approval is marked in the trail."
      : "Promotions here now need a second manager.",
    isError: false,
  };
}

/**
 * Adds, renames, retires or restores one defect class of a station (audited).
 * The form's `change` is "add", or "rename:<key>", "retire:<key>", "restore:<key>".
 */
export async function changeDefectClassAction(_previous: AdminActionState, form: FormData): Promise<AdminActionState> {
  const admin = await requirePlace("/admin");
  const values = typedValues(form, ["change", "label", "reason"]);
  const [kind, key] = (values.change ?? "").split(":");
  const reason = (values.reason ?? "").trim();
  if (reason.length < 3 || reason.length > 1000) return { message: "Say why in 3 to 1000 characters; it goes into the audit trail.", isError: true, values };
  const parsed = taxonomyChangeSchema.safeParse(
    kind === "add" ? { kind, label: values.label } : kind === "rename" ? { kind, key, label: values.label } : { kind, key },
  );
  if (!parsed.success) {
    const needsName = kind === "add" || kind === "rename";
    return { message: needsName ? "Give the class a name of 1 to 40 characters." : "Choose what to change.", isError: true, values };
  }
  const result = await changeDefectClass(db(), String(form.get("station") ?? ""), parsed.data, { kind: "USER", id: admin.id }, reason);
  if (!result.ok) return { message: result.detail, isError: true, values };
  revalidatePath("/admin");
  return { message: result.message, isError: false };
}
