// Stands in for pdfjs-dist's worker module in the browser bundle (scripts/build-portal.mjs aliases it):
// there pdfjs runs its worker from /assets/pdf.worker.js, so the in-thread worker that the importer loads
// only where there is no DOM (Node) is never needed.
export const WorkerMessageHandler = undefined;
