"""The domain model: SQLAlchemy 2 typed ORM classes. No Qt, no pandas."""

from .audit import AuditEntry
from .base import Base, Entity
from .district import DistrictProfile
from .documents import GeneratedDocument, Setting
from .people import NameForms, Person
from .results import AssessmentResult, GradingScale, ImportBatch, ReferenceResult, TaskResult
from .risks import AntiRiskMeasure, ExpertAssessment, RiskAssessment, RiskFactor, SchoolProgramme
from .roadmap import RoadmapItem
from .school import School, SchoolContext, SchoolStatus, login_number
from .visits import MethodicalVisit, ObservedLesson, Recommendation, VisitMember
from .work import (
    Course,
    MentoringPair,
    Partnership,
    PartnershipPlanItem,
    ProfessionalDeficit,
    SupportAssignment,
)

__all__ = [
    "AntiRiskMeasure",
    "AssessmentResult",
    "AuditEntry",
    "Base",
    "Course",
    "DistrictProfile",
    "Entity",
    "ExpertAssessment",
    "GeneratedDocument",
    "GradingScale",
    "ImportBatch",
    "MentoringPair",
    "MethodicalVisit",
    "NameForms",
    "ObservedLesson",
    "Partnership",
    "PartnershipPlanItem",
    "Person",
    "ProfessionalDeficit",
    "Recommendation",
    "ReferenceResult",
    "RiskAssessment",
    "RiskFactor",
    "RoadmapItem",
    "School",
    "SchoolContext",
    "SchoolProgramme",
    "SchoolStatus",
    "Setting",
    "SupportAssignment",
    "TaskResult",
    "VisitMember",
    "login_number",
]
