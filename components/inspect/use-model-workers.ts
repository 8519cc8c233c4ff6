"use client";

import { type RefObject, useEffect, useRef } from "react";
import { type InspectionRegion, type ModelMetadata, type ModelWorkerClient, startModelWorker } from "@/lib/model/client";

export interface StationModel {
  version: string;
  metadata: ModelMetadata;
}

/**
 * A Web Worker per model of the station (the active model first, then the
 * candidate), each loading its version on the best backend it has, all
 * stopped when the page leaves or the models change. Each scores only the
 * station's region of interest, as the server does. Read at call time: a
 * worker still loading answers once it can.
 */
export function useModelWorkers(models: readonly StationModel[], region: InspectionRegion | null): RefObject<ReadonlyMap<string, ModelWorkerClient>> {
  const workers = useRef<ReadonlyMap<string, ModelWorkerClient>>(new Map());
  useEffect(() => {
    const started = new Map<string, ModelWorkerClient>();
    for (const model of models) {
      const worker = startModelWorker();
      void worker.load(`/models/${model.version}`, model.metadata, ["webgl", "wasm", "cpu"], region).catch(() => undefined);
      started.set(model.version, worker);
    }
    workers.current = started;
    return () => {
      for (const worker of started.values()) worker.terminate();
      if (workers.current === started) workers.current = new Map();
    };
  }, [models, region]);
  return workers;
}
