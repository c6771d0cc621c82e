/** French strings of `<kyc-flow>` (loaded when the locale resolves to `fr`). */
import type { KycFlowStrings } from './strings.js';

const number = new Intl.NumberFormat('fr');
const year = new Intl.NumberFormat('fr', { useGrouping: false });
const percent = new Intl.NumberFormat('fr', { style: 'percent' });

export const fr: KycFlowStrings = {
  loading: 'Chargement…',
  stepsLabel: 'Progression',
  steps: ['Vos informations', 'Document', 'Photos', 'Selfie', 'Vérification'],
  stepOf: (step, total) => `Étape ${number.format(step)} sur ${number.format(total)}`,
  back: 'Retour',
  continue: 'Continuer',
  retry: 'Réessayer',

  welcomeHeading: 'Vérifiez votre identité',
  welcomeIntro: 'Vous aurez besoin :',
  welcomeNeeds: [
    'de vos nom, date de naissance et pays de résidence',
    'd’un passeport, d’une carte d’identité, d’un permis de conduire ou d’un titre de séjour',
    'd’un appareil photo, ou de photos de votre document et de vous-même',
  ],
  welcomeTime: 'Cela prend environ 5 minutes.',
  start: 'Commencer la vérification',

  detailsHeading: 'Vos informations personnelles',
  firstName: 'Prénom',
  lastName: 'Nom',
  dateOfBirth: 'Date de naissance',
  country: 'Pays',
  chooseCountry: 'Choisissez votre pays',
  required: (label) => `${label} : ce champ est obligatoire`,
  tooLong: (label, max) => `${label} : ${number.format(max)} caractères au maximum`,
  dateInvalid: 'La date de naissance doit être une date réelle',
  dateTooEarly: (y) => `La date de naissance doit être en ${year.format(y)} ou après`,
  dateFuture: 'La date de naissance doit être dans le passé',
  tooYoung: (years) => `Vous devez avoir au moins ${number.format(years)} ans`,
  countryInvalid: 'Choisissez un pays dans la liste',

  documentHeading: 'Choisissez votre document',
  documentLegend: 'Type de document',
  documentTypes: {
    passport: 'Passeport',
    id_card: 'Carte d’identité',
    drivers_license: 'Permis de conduire',
    residence_permit: 'Titre de séjour',
  },
  issuingCountry: 'Pays de délivrance',
  chooseDocument: 'Choisissez un type de document',

  sides: { front: 'recto', back: 'verso' },
  photoHeading: (document, side) => `${document} : ${side}`,
  photoPage: (document) => `${document} : la page avec votre photo`,
  photoHint: 'Posez le document à plat sous une bonne lumière, les quatre coins dans le cadre et sans reflets.',
  redoReason: (reason) => `La personne chargée de la vérification vous demande de refaire cette photo : ${reason}`,
  useCamera: 'Utiliser la caméra',
  takePhoto: 'Prendre la photo',
  closeCamera: 'Fermer la caméra',
  cameraView: 'Image de la caméra',
  uploadPhoto: 'Importer une photo',
  uploadHint: 'JPEG, PNG ou WebP. Les photos sont réduites avant l’envoi.',
  cameraDenied: 'La caméra n’est pas autorisée. Vous pouvez importer une photo à la place.',
  cameraUnavailable: 'Aucune caméra n’a pu être démarrée. Vous pouvez importer une photo à la place.',
  preparing: 'Préparation de la photo…',
  uploading: (value) => `Envoi en cours… ${percent.format(value / 100)}`,
  uploadProgress: 'Progression de l’envoi',
  qualityBlurry: 'Cette photo semble floue : le texte risque d’être illisible.',
  selfieBlurry: 'Ce selfie semble flou : votre visage risque de ne pas être reconnaissable.',
  qualityTooSmall: (width, height) =>
    `Cette photo est petite (${number.format(width)} × ${number.format(height)} pixels) : les détails risquent d’être illisibles.`,
  qualityAdvice: 'Reprenez-la, ou continuez quand même.',
  continueAnyway: 'Continuer quand même',
  photoPreview: 'Votre photo',
  photoUnreadable: 'Ce fichier n’est pas une photo lisible. Choisissez une image JPEG, PNG ou WebP.',
  allSidesTaken: 'Toutes les faces sont importées. Continuez pour vérifier les photos.',

  reviewHeading: 'Vérifiez les photos de votre document',
  reviewHint: 'Assurez-vous que tout le texte est net et lisible et que rien n’est coupé.',
  sideImage: (document, side) => `${document}, ${side}`,

  selfieHeading: 'Prenez un selfie',
  selfieHint: 'Regardez droit vers la caméra, le visage entier visible et bien éclairé.',
  takeSelfie: 'Prendre un selfie',
  uploadSelfie: 'Importer un selfie',
  selfieReviewHeading: 'Vérifiez votre selfie',
  selfieImage: 'Votre selfie',
  retake: 'Reprendre',
  submit: 'Envoyer',

  underReviewHeading: 'Merci',
  underReview:
    'Votre demande est en cours d’examen. La décision s’affichera ici ; vous pouvez fermer cette page et revenir plus tard.',
  approvedHeading: 'Vérification terminée',
  approved: 'Votre identité a été confirmée.',
  rejectedHeading: 'Vérification non aboutie',
  rejected: 'Votre demande n’a pas été acceptée.',
  reason: (reason) => `Motif : ${reason}`,
  rejectSteps: {
    document_not_verifiable:
      'Nous n’avons pas pu vérifier votre document à partir de ces photos. Vous pouvez faire une nouvelle demande avec une autre pièce d’identité.',
    document_expired: 'Votre document a expiré. Vous pouvez faire une nouvelle demande avec un document valide.',
    face_mismatch:
      'Nous n’avons pas pu rapprocher votre selfie de la photo de votre document. Vous pouvez faire une nouvelle demande avec des photos nettes des deux.',
    details_mismatch:
      'Les informations saisies ne correspondent pas à votre document. Vous pouvez faire une nouvelle demande en les saisissant exactement comme sur le document.',
    document_type_not_accepted:
      'Ce document ne peut pas être utilisé ici. Vous pouvez faire une nouvelle demande avec un passeport, une carte d’identité, un permis de conduire ou un titre de séjour.',
  },
  redoSteps: {
    photo_blurry: 'Prenez une photo plus nette : sans bouger, sous une bonne lumière.',
    document_cut_off: 'Prenez une photo qui montre tout le document, avec ses quatre coins.',
    glare: 'Prenez une photo sans reflets : évitez la lumière directe sur le document.',
    document_expired: 'Utilisez un document qui n’a pas expiré.',
    details_mismatch: 'Utilisez le document dont vous avez saisi les informations.',
    face_mismatch: 'Prenez un selfie où votre visage est bien visible, sans lunettes ni chapeau.',
  },
  contactSupport: 'Contacter l’assistance',
  startAgain: 'Faire une nouvelle demande',
  resubmitHeading: 'Certaines photos sont à refaire',
  resubmit: 'Merci d’envoyer à nouveau :',
  selfie: 'Selfie',
  itemName: (document, side) => `${document} (${side})`,

  otherDevice: 'Continuer sur un autre appareil',
  otherDeviceHint:
    'Scannez le code avec votre téléphone, ou ouvrez-y le lien, pour poursuivre cette demande. Le lien ne fonctionne qu’une fois, dans les 10 minutes ; cet appareil s’arrête alors. Ne le communiquez à personne.',
  qrCode: 'QR code du lien',
  link: 'Lien pour continuer',
  copyLink: 'Copier le lien',
  linkCopied: 'Lien copié.',
  handedOffHeading: 'Cette demande se poursuit sur un autre appareil',
  handedOffHint: 'Son lien a été ouvert sur un autre appareil, elle s’est donc arrêtée ici. Vous pouvez fermer cette page.',

  loadFailed: 'Votre demande n’a pas pu être chargée.',
  errorCodes: {
    network: 'La connexion a échoué. Vérifiez votre réseau et réessayez.',
    conflict: 'Cette demande a été modifiée ailleurs. La dernière étape enregistrée est affichée.',
    too_large: 'Ce fichier est trop volumineux.',
    unsupported_media_type: 'Ce type de fichier n’est pas accepté. Choisissez une image JPEG, PNG ou WebP.',
    rate_limited: 'Trop de tentatives. Patientez un instant et réessayez.',
    server_error: 'Le service a rencontré un problème. Réessayez dans un instant.',
    unavailable: 'Le service est indisponible. Réessayez dans un instant.',
    handoff_invalid: 'Ce lien a expiré ou a déjà été utilisé. Ouvrez un nouveau lien sur l’autre appareil, ou commencez ici.',
    token_expired: 'Ce lien a expiré. Revenez à la page qui vous a envoyé ici pour en obtenir un nouveau.',
    invalid:
      'Cette étape n’a pas pu être enregistrée. Revenez d’une étape et réessayez ; si cela se reproduit, rechargez la page.',
    bad_request: 'Cette étape n’a pas pu être enregistrée. Rechargez la page et réessayez.',
    unauthorized:
      'Cette demande ne peut plus être ouverte ici. Ouvrez le lien le plus récent que vous avez reçu, ou recommencez.',
    forbidden: 'Cette demande ne peut plus être ouverte ici. Ouvrez le lien le plus récent que vous avez reçu, ou recommencez.',
    not_found: 'Cette demande ne peut plus être ouverte ici. Ouvrez le lien le plus récent que vous avez reçu, ou recommencez.',
    error: 'Une erreur s’est produite. Réessayez dans un instant.',
  },
};
