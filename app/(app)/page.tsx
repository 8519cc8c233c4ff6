import { redirect } from "next/navigation";
import { homeFor, currentUser } from "@/lib/auth";

/** Home sends each role to where its work is. */
export default async function Home() {
  const user = await currentUser();
  redirect(user ? homeFor(user.role) : "/sign-in");
}
