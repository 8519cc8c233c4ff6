"use client";

import { useEffect } from "react";

/**
 * The station's keys: 1..n give the nth label's verdict, u or Ctrl+Z takes
 * the last one back, ? opens and closes the key help (while it is open, only
 * ? answers). Keys typed into a field, or with Cmd or Alt, are left alone.
 */
export function useVerdictKeys({
  labels,
  isHelpOpen,
  onDecide,
  onUndo,
  onToggleHelp,
}: {
  labels: readonly { key: string }[];
  isHelpOpen: boolean;
  onDecide: (label: string) => void;
  onUndo: () => void;
  onToggleHelp: () => void;
}): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.metaKey || event.altKey) return;
      if (event.key === "?") {
        event.preventDefault();
        onToggleHelp();
        return;
      }
      if (isHelpOpen) return;
      if (event.key === "u" || (event.ctrlKey && event.key === "z")) {
        event.preventDefault();
        onUndo();
        return;
      }
      const index = Number(event.key) - 1;
      const label = labels[index];
      if (!event.ctrlKey && label && Number.isInteger(index)) {
        event.preventDefault();
        onDecide(label.key);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [isHelpOpen, labels, onDecide, onToggleHelp, onUndo]);
}
