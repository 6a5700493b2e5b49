-- DropIndex
DROP INDEX "AuditEvent_actorName_idx";

-- DropIndex
DROP INDEX "AuditEvent_action_idx";

-- DropIndex
DROP INDEX "AuditEvent_kind_namespace_name_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_actorName_id_idx" ON "AuditEvent"("actorName", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_id_idx" ON "AuditEvent"("actorId", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_action_id_idx" ON "AuditEvent"("action", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_namespace_id_idx" ON "AuditEvent"("namespace", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_kind_id_idx" ON "AuditEvent"("kind", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_kind_namespace_name_id_idx" ON "AuditEvent"("kind", "namespace", "name", "id");

