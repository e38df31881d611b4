import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from '../columns';
import type { CertificateSource, CertificateStatus, FilingStatus } from '../../server/domain/after';

const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true };
const int = (allowNull = false) => ({ type: DataTypes.INTEGER, allowNull });
const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
const date = (allowNull = true) => ({ type: DataTypes.DATE, allowNull });

export interface FilingHistoryEntry {
  action: 'created' | 'submitted' | 'passed' | 'returned';
  by: string;
  opinion: string | null;
  at: string;
}

/** 评审工作备案 with its four attachments (files ids). */
export class Filing extends Model<InferAttributes<Filing>, InferCreationAttributes<Filing>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare publicityId: number;
  declare orgId: number;
  declare officeOrgId: number;
  declare status: CreationOptional<FilingStatus>;
  declare note: CreationOptional<string | null>;
  declare noticeFileId: CreationOptional<number | null>;
  declare listFileId: CreationOptional<number | null>;
  declare explanationFileId: CreationOptional<number | null>;
  declare qualificationFileId: CreationOptional<number | null>;
  declare filingNumber: CreationOptional<string | null>;
  declare filedOn: CreationOptional<string | null>;
  declare reviewOpinion: CreationOptional<string | null>;
  declare reviewedById: CreationOptional<number | null>;
  declare reviewedAt: CreationOptional<Date | null>;
  declare submittedAt: CreationOptional<Date | null>;
  declare history: CreationOptional<FilingHistoryEntry[]>;
  declare createdById: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Filing.init(
      {
        id,
        meetingId: int(),
        publicityId: int(),
        orgId: int(),
        officeOrgId: int(),
        status: { ...str(12), defaultValue: 'draft' },
        note: { type: DataTypes.TEXT, allowNull: true },
        noticeFileId: int(true),
        listFileId: int(true),
        explanationFileId: int(true),
        qualificationFileId: int(true),
        filingNumber: str(60, true),
        filedOn: str(10, true),
        reviewOpinion: str(1000, true),
        reviewedById: int(true),
        reviewedAt: date(),
        submittedAt: date(),
        history: jsonColumn<FilingHistoryEntry[]>('history', []),
        createdById: int(true),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'filings' },
    );
  }
}

/** 发证单位 and its code (the first part of every certificate number). */
export class IssuingUnit extends Model<InferAttributes<IssuingUnit>, InferCreationAttributes<IssuingUnit>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare name: string;
  declare orgId: number;
  declare status: CreationOptional<'active' | 'cancelled'>;
  declare cancelReason: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    IssuingUnit.init(
      {
        id,
        code: str(12),
        name: str(200),
        orgId: int(),
        status: { ...str(12), defaultValue: 'active' },
        cancelReason: str(500, true),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'issuing_units' },
    );
  }
}

/** 证书编号库: a unit's serials start..end for a year; `nextSerial` is the counter, taken under a row lock. */
export class CertificateRange extends Model<InferAttributes<CertificateRange>, InferCreationAttributes<CertificateRange>> {
  declare id: CreationOptional<number>;
  declare issuingUnitId: number;
  declare year: number;
  declare startSerial: number;
  declare endSerial: number;
  declare nextSerial: number;
  declare createdById: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    CertificateRange.init(
      {
        id,
        issuingUnitId: int(),
        year: int(),
        startSerial: int(),
        endSerial: int(),
        nextSerial: int(),
        createdById: int(true),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'certificate_ranges' },
    );
  }
}

/** 职称证书 (electronic): what is printed, how to verify it, whether it still stands. */
export class Certificate extends Model<InferAttributes<Certificate>, InferCreationAttributes<Certificate>> {
  declare id: CreationOptional<number>;
  declare number: string;
  declare verifyCode: string;
  declare holderKey: string | null;
  declare status: CreationOptional<CertificateStatus>;
  declare source: CertificateSource;
  declare orgId: number;
  declare declarationId: number | null;
  declare meetingId: number | null;
  declare filingId: number | null;
  declare issuingUnitId: number;
  declare rangeId: number | null;
  declare serial: number | null;
  declare year: number;
  declare idNumber: string;
  declare name: string;
  declare employerName: string | null;
  declare seriesCode: string;
  declare seriesName: string;
  declare level: string;
  declare qualificationName: string;
  declare specialtyName: string | null;
  declare committeeName: string | null;
  declare filingNumber: string | null;
  declare approvedOn: string | null;
  declare issuedOn: string;
  declare revokeReason: CreationOptional<string | null>;
  declare revokedAt: CreationOptional<Date | null>;
  declare revokedById: CreationOptional<number | null>;
  declare reportedAt: CreationOptional<Date | null>;
  declare reportBatch: CreationOptional<string | null>;
  declare issuedById: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Certificate.init(
      {
        id,
        number: str(40),
        verifyCode: str(16),
        holderKey: str(40, true),
        status: { ...str(10), defaultValue: 'valid' },
        source: str(10),
        orgId: int(),
        declarationId: int(true),
        meetingId: int(true),
        filingId: int(true),
        issuingUnitId: int(),
        rangeId: int(true),
        serial: int(true),
        year: int(),
        idNumber: str(18),
        name: str(100),
        employerName: str(200, true),
        seriesCode: str(40),
        seriesName: str(100),
        level: str(16),
        qualificationName: str(100),
        specialtyName: str(100, true),
        committeeName: str(200, true),
        filingNumber: str(60, true),
        approvedOn: str(10, true),
        issuedOn: str(10),
        revokeReason: str(500, true),
        revokedAt: date(),
        revokedById: int(true),
        reportedAt: date(),
        reportBatch: str(40, true),
        issuedById: int(true),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'certificates' },
    );
  }
}
