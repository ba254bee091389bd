"""Russian names of fields and tables, for the audit trail and error messages."""

from __future__ import annotations

FIELD_LABELS: dict[str, str] = {
    "absent": "отсутствовали", "accreditation_date": "дата аккредитации",
    "accreditation_issuer": "аккредитацию выдал", "accreditation_number": "номер аккредитации",
    "accreditation_reg_number": "рег. номер аккредитации", "accreditation_series": "серия аккредитации",
    "accreditation_valid_until": "аккредитация действует до", "accusative": "винительный падеж",
    "acquainted": "со справкой ознакомлен(а)", "address": "адрес", "addressee": "кому",
    "agreement_date": "дата договора", "answers": "ответы анкеты", "archived": "в архиве",
    "authority_full_name": "полное наименование органа управления",
    "authority_short_name": "краткое наименование органа управления", "basis": "основание",
    "basis_document": "документ-основание", "category": "категория", "certificate": "удостоверение",
    "check_note": "отметка о проверке", "city": "город", "class_name": "класс",
    "date": "дата", "date_end": "дата окончания", "date_from": "с", "date_to": "по",
    "dative": "дательный падеж", "deadline": "срок", "director_basis": "действует на основании",
    "director_gender": "пол руководителя", "director_name": "ФИО руководителя",
    "director_position": "должность руководителя", "doc_date": "дата документа", "done": "выполнено",
    "done_on": "дата выполнения", "email": "e-mail", "evidence": "подтверждающий документ",
    "executor_name": "исполнитель", "executor_phone": "телефон исполнителя", "file_path": "файл",
    "findings": "выводы", "first_name": "имя", "fis_login": "логин ФИС ОКО", "found_by": "как выявлено",
    "found_on": "дата выявления", "full_name": "полное наименование", "gender": "пол",
    "genitive": "родительный падеж", "goals": "цели", "grade": "класс",
    "head_name": "руководитель", "head_position": "должность руководителя", "hours": "часов",
    "info_method": "метод сбора информации", "inn": "ИНН", "instrumental": "творительный падеж",
    "is_rural": "сельская школа", "kind": "вид", "last_name": "фамилия",
    "leader_school_id": "школа-лидер", "legal_form": "организационно-правовая форма",
    "licence_date": "дата лицензии", "licence_issuer": "лицензию выдал",
    "licence_number": "номер лицензии", "licence_reg_number": "рег. номер лицензии",
    "licence_series": "серия лицензии", "login_number": "номер логина", "measure": "мероприятие",
    "mentee_person_id": "наставляемый", "mentee_school_id": "школа-наставляемая",
    "mentor_person_id": "наставник", "mentor_school_id": "школа-наставник", "middle_name": "отчество",
    "municipality": "муниципалитет", "municipality_code": "код муниципалитета",
    "municipality_name": "наш муниципалитет", "name": "ФИО", "nominative": "именительный падеж",
    "notes": "примечания", "number": "номер", "organisation": "организация",
    "overcome": "преодолено", "overcome_on": "дата преодоления", "participants": "участников",
    "partnership_id": "партнёрство", "periodicity": "периодичность", "person_id": "человек",
    "phone": "телефон", "position": "должность", "postal_code": "индекс", "provider": "организатор",
    "pupils": "обучающихся", "purpose": "цель", "qualification": "квалификационная категория",
    "questions": "вопросы", "reason": "причина", "remarks": "замечания", "responsible": "ответственный",
    "result": "результат", "roadmap": "дорожная карта", "role": "роль", "school_id": "школа",
    "score_after": "балл после", "score_before": "балл до", "settlement": "населённый пункт",
    "settlement_size": "размер населённого пункта", "settlement_type": "тип населённого пункта",
    "short_name": "краткое наименование", "source": "источник", "state": "состояние",
    "subject": "предмет", "subjects": "предметы", "supported_school_id": "поддерживаемая школа",
    "task": "задача", "teacher_name": "учитель", "teacher_person_id": "учитель",
    "teachers": "педагогов", "term_end": "срок до", "term_start": "срок с", "text": "текст",
    "title": "название", "topic": "тема", "transport": "транспортная доступность",
    "year": "год", "mean_score": "средний балл", "kv": "коэффициент выполнения",
    "mark2": "«2»", "mark3": "«3»", "mark4": "«4»", "mark5": "«5»", "template": "шаблон",
}

TABLE_LABELS: dict[str, str] = {
    "school": "школа", "school_status": "статус школы", "school_context": "контекстные данные",
    "person": "человек", "name_forms": "падежные формы", "partnership": "партнёрство",
    "partnership_plan_item": "мероприятие совместного плана", "mentoring_pair": "пара наставничества",
    "support_assignment": "назначение куратора", "professional_deficit": "затруднение педагога",
    "course": "курсы", "methodical_visit": "методический выезд", "visit_member": "член комиссии",
    "observed_lesson": "посещённый урок", "recommendation": "рекомендация",
    "roadmap_item": "мероприятие дорожной карты", "generated_document": "документ",
    "district_profile": "сведения о районе", "grading_scale": "шкала перевода",
    "import_batch": "загрузка файла",
}


def field_label(key: str) -> str:
    return FIELD_LABELS.get(key, key.replace("_", " "))
