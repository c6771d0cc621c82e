/** Spanish strings of `<kyc-flow>` (loaded when the locale resolves to `es`). */
import type { KycFlowStrings } from './strings.js';

const number = new Intl.NumberFormat('es');
const year = new Intl.NumberFormat('es', { useGrouping: false });
const percent = new Intl.NumberFormat('es', { style: 'percent' });

export const es: KycFlowStrings = {
  loading: 'Cargando…',
  stepsLabel: 'Progreso',
  steps: ['Tus datos', 'Documento', 'Fotos', 'Selfi', 'Revisión'],
  stepOf: (step, total) => `Paso ${number.format(step)} de ${number.format(total)}`,
  back: 'Atrás',
  continue: 'Continuar',
  retry: 'Reintentar',

  welcomeHeading: 'Verifica tu identidad',
  welcomeIntro: 'Necesitarás:',
  welcomeNeeds: [
    'tu nombre, tu fecha de nacimiento y tu país de residencia',
    'un pasaporte, documento de identidad, permiso de conducir o permiso de residencia',
    'una cámara, o fotos de tu documento y de ti',
  ],
  welcomeTime: 'Se tarda unos 5 minutos.',
  start: 'Empezar la verificación',

  detailsHeading: 'Tus datos personales',
  firstName: 'Nombre',
  lastName: 'Apellidos',
  dateOfBirth: 'Fecha de nacimiento',
  country: 'País',
  chooseCountry: 'Elige tu país',
  required: (label) => `${label}: este campo es obligatorio`,
  tooLong: (label, max) => `${label}: como máximo ${number.format(max)} caracteres`,
  dateInvalid: 'La fecha de nacimiento debe ser una fecha real',
  dateTooEarly: (y) => `La fecha de nacimiento debe ser de ${year.format(y)} o posterior`,
  dateFuture: 'La fecha de nacimiento debe estar en el pasado',
  tooYoung: (years) => `Debes tener al menos ${number.format(years)} años`,
  countryInvalid: 'Elige un país de la lista',

  documentHeading: 'Elige tu documento',
  documentLegend: 'Tipo de documento',
  documentTypes: {
    passport: 'Pasaporte',
    id_card: 'Documento de identidad',
    drivers_license: 'Permiso de conducir',
    residence_permit: 'Permiso de residencia',
  },
  issuingCountry: 'País de expedición',
  chooseDocument: 'Elige un tipo de documento',

  sides: { front: 'anverso', back: 'reverso' },
  photoHeading: (document, side) => `${document}: ${side}`,
  photoPage: (document) => `${document}: la página con tu foto`,
  photoHint: 'Coloca el documento sobre una superficie plana con buena luz, con las cuatro esquinas dentro del marco y sin reflejos.',
  redoReason: (reason) => `La persona que revisa tu solicitud te pide repetir esta foto: ${reason}`,
  useCamera: 'Usar la cámara',
  takePhoto: 'Hacer foto',
  closeCamera: 'Cerrar la cámara',
  cameraView: 'Imagen de la cámara',
  uploadPhoto: 'Subir foto',
  uploadHint: 'JPEG, PNG o WebP. Las fotos se reducen antes de enviarse.',
  cameraDenied: 'La cámara no está permitida. Puedes subir una foto en su lugar.',
  cameraUnavailable: 'No se ha podido iniciar ninguna cámara. Puedes subir una foto en su lugar.',
  preparing: 'Preparando la foto…',
  uploading: (value) => `Subiendo… ${percent.format(value / 100)}`,
  uploadProgress: 'Progreso de la subida',
  qualityBlurry: 'Esta foto parece borrosa: puede que el texto no se lea.',
  selfieBlurry: 'Este selfi parece borroso: puede que no se reconozca tu cara.',
  qualityTooSmall: (width, height) =>
    `Esta foto es pequeña (${number.format(width)} × ${number.format(height)} píxeles): puede que los detalles no se lean.`,
  qualityAdvice: 'Repítela o continúa de todos modos.',
  continueAnyway: 'Continuar de todos modos',
  photoPreview: 'Tu foto',
  photoUnreadable: 'Este archivo no es una foto que podamos leer. Elige una imagen JPEG, PNG o WebP.',
  allSidesTaken: 'Todas las caras están subidas. Continúa para revisar las fotos.',

  reviewHeading: 'Revisa las fotos de tu documento',
  reviewHint: 'Comprueba que todo el texto es nítido y legible y que no falta nada.',
  sideImage: (document, side) => `${document}, ${side}`,

  selfieHeading: 'Hazte un selfi',
  selfieHint: 'Mira directamente a la cámara, con toda la cara visible y bien iluminada.',
  takeSelfie: 'Hacer selfi',
  uploadSelfie: 'Subir selfi',
  selfieReviewHeading: 'Revisa tu selfi',
  selfieImage: 'Tu selfi',
  retake: 'Repetir',
  submit: 'Enviar',

  underReviewHeading: 'Gracias',
  underReview:
    'Estamos revisando tu solicitud. Verás la decisión aquí; puedes cerrar esta página y volver más tarde.',
  approvedHeading: 'Verificación completada',
  approved: 'Tu identidad ha sido confirmada.',
  rejectedHeading: 'Verificación no completada',
  rejected: 'Tu solicitud no ha sido aceptada.',
  reason: (reason) => `Motivo: ${reason}`,
  rejectSteps: {
    document_not_verifiable:
      'No hemos podido verificar tu documento con estas fotos. Puedes volver a solicitarlo con otro documento de identidad.',
    document_expired: 'Tu documento ha caducado. Puedes volver a solicitarlo con uno vigente.',
    face_mismatch:
      'No hemos podido relacionar tu selfi con la foto de tu documento. Puedes volver a solicitarlo con fotos nítidas de ambos.',
    details_mismatch:
      'Los datos que has introducido no coinciden con tu documento. Puedes volver a solicitarlo con los datos tal como aparecen en el documento.',
    document_type_not_accepted:
      'Este documento no se puede usar aquí. Puedes volver a solicitarlo con un pasaporte, documento de identidad, permiso de conducir o permiso de residencia.',
  },
  redoSteps: {
    photo_blurry: 'Haz una foto más nítida: sin moverte y con buena luz.',
    document_cut_off: 'Haz una foto en la que se vea todo el documento, con sus cuatro esquinas.',
    glare: 'Haz una foto sin reflejos: evita la luz directa sobre el documento.',
    document_expired: 'Usa un documento que no haya caducado.',
    details_mismatch: 'Usa el documento cuyos datos has introducido.',
    face_mismatch: 'Hazte un selfi en el que se vea bien tu cara, sin gafas ni sombrero.',
  },
  contactSupport: 'Contactar con soporte',
  startAgain: 'Iniciar una nueva solicitud',
  resubmitHeading: 'Hay que repetir algunas fotos',
  resubmit: 'Vuelve a enviar lo siguiente:',
  selfie: 'Selfi',
  itemName: (document, side) => `${document} (${side})`,

  otherDevice: 'Continuar en otro dispositivo',
  otherDeviceHint:
    'Escanea el código con tu teléfono, o abre allí el enlace, para continuar esta solicitud. El enlace funciona una sola vez, durante 10 minutos; después, este dispositivo se detiene. No lo compartas.',
  qrCode: 'Código QR del enlace',
  link: 'Enlace para continuar',
  copyLink: 'Copiar enlace',
  linkCopied: 'Enlace copiado.',
  handedOffHeading: 'Esta solicitud continúa en otro dispositivo',
  handedOffHint: 'Su enlace se abrió en otro dispositivo, así que se ha detenido aquí. Puedes cerrar esta página.',

  loadFailed: 'No se ha podido cargar tu solicitud.',
  errorCodes: {
    network: 'La conexión ha fallado. Comprueba tu red y vuelve a intentarlo.',
    conflict: 'Esta solicitud se ha modificado en otro lugar. Se muestra el último paso guardado.',
    too_large: 'Este archivo es demasiado grande.',
    unsupported_media_type: 'Este tipo de archivo no se admite. Elige una imagen JPEG, PNG o WebP.',
    rate_limited: 'Demasiados intentos. Espera un momento y vuelve a intentarlo.',
    server_error: 'El servicio ha tenido un problema. Vuelve a intentarlo en un momento.',
    unavailable: 'El servicio no está disponible. Vuelve a intentarlo en un momento.',
    handoff_invalid: 'Este enlace ha caducado o ya se ha usado. Abre un enlace nuevo en el otro dispositivo, o empieza aquí.',
    token_expired: 'Este enlace ha caducado. Vuelve a la página que te envió aquí para obtener uno nuevo.',
    invalid:
      'No se ha podido guardar este paso. Vuelve un paso atrás e inténtalo de nuevo; si vuelve a pasar, recarga la página.',
    bad_request: 'No se ha podido guardar este paso. Recarga la página y vuelve a intentarlo.',
    unauthorized:
      'Esta solicitud ya no se puede abrir aquí. Abre el enlace más reciente que te enviaron, o empieza de nuevo.',
    forbidden: 'Esta solicitud ya no se puede abrir aquí. Abre el enlace más reciente que te enviaron, o empieza de nuevo.',
    not_found: 'Esta solicitud ya no se puede abrir aquí. Abre el enlace más reciente que te enviaron, o empieza de nuevo.',
    error: 'Algo ha salido mal. Vuelve a intentarlo en un momento.',
  },
};
