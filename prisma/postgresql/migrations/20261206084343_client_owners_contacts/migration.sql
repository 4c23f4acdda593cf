-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "contacts" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "owners" JSONB NOT NULL DEFAULT '[]';
