import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-md text-center">
        <h1 className="text-2xl font-semibold">Not found</h1>
        <p className="mt-2 text-slate-600">There is nothing at this address.</p>
        <Link href="/" className="mt-4 inline-block text-slate-900 underline">
          Back to your start page
        </Link>
      </div>
    </main>
  );
}
